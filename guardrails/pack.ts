import { PolicyPack, type EnforcementLevel, type PolicyConfigSchema, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { COUNT_RULE, RULES, subjectOf, type Subject } from "./rules";

/**
 * The pulumi-sessions policy pack (`policy/` in the package): `pulumi preview
 * --policy-pack node_modules/pulumi-sessions/policy [--policy-pack-config config.json]`.
 * Every rule is advisory by default except the caps on billed time, which are
 * mandatory; each one's level and thresholds come from the policy config.
 */
const MANDATORY = new Set(["ibm-max-ttl", "deepnote-idle-shutdown", "max-sessions-per-stack"]);
const level = (name: string): EnforcementLevel => (MANDATORY.has(name) ? "mandatory" : "advisory");
const schemaOf = (props: Record<string, unknown>, defaults: Record<string, unknown>): PolicyConfigSchema => ({
  properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, { ...(v as object), default: defaults[k] }])) as PolicyConfigSchema["properties"],
});

const resourcePolicies: ResourceValidationPolicy[] = RULES.map((rule) => ({
  name: rule.name,
  description: rule.description,
  enforcementLevel: level(rule.name),
  configSchema: schemaOf(rule.schema, rule.defaults),
  validateResource: (args, reportViolation) => {
    const s = subjectOf(args.type, args.urn, args.name, args.props);
    if (!s || s.kind !== rule.kind) return;
    for (const v of rule.check(s, { ...rule.defaults, ...args.getConfig<Record<string, unknown>>() })) reportViolation(v);
  },
}));

const countPolicy: StackValidationPolicy = {
  name: COUNT_RULE.name,
  description: COUNT_RULE.description,
  enforcementLevel: level(COUNT_RULE.name),
  configSchema: schemaOf(Object.fromEntries(Object.keys(COUNT_RULE.defaults).map((k) => [k, { type: "number" }])), COUNT_RULE.defaults),
  validateStack: (args, reportViolation) => {
    const subjects = args.resources.map((r) => subjectOf(r.type, r.urn, r.name, r.props)).filter((s): s is Subject => s !== undefined);
    for (const v of COUNT_RULE.check(subjects, { ...COUNT_RULE.defaults, ...args.getConfig<Record<string, number>>() })) reportViolation(v);
  },
};

new PolicyPack("pulumi-sessions", { policies: [...resourcePolicies, countPolicy] });
