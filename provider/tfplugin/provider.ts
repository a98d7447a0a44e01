/**
 * The Terraform plugin protocol's provider calls (tfplugin6), each mapped onto the same
 * handlers the Pulumi engine paths use (provider/index.ts): ValidateResourceConfig and
 * PlanResourceChange check inputs as `check` does, PlanResourceChange asks `diff` what
 * changes and what replaces, ApplyResourceChange creates, updates or deletes, ReadResource
 * refreshes and imports. Messages are plain objects with the protocol's field names; the
 * gRPC server (./server.ts) carries them. docs/opentofu.md has the rules this follows.
 */
import { checkInputs } from "../core/check";
import { signalCancellation } from "../core/cancel";
import { configKey, TERRAFORM_NAMESPACE } from "../core/config";
import { engineBound } from "../core/deadline";
import { withWarnings } from "../core/log";
import { migrateStored } from "../core/migrate";
import { PACKAGE_VERSION } from "../core/version";
import { UNKNOWN, type Props } from "../core/vendor";
import { configure, handlers } from "../index";
import { KINDS } from "../kinds";
import { fromJson, fromMsgpack, hasUnknown, toMsgpack, UNKNOWN_VALUE, type CtyType, type CtyValue } from "./cty";
import { errorDiagnostic, failureDiagnostic, warningDiagnostic, type Diagnostic } from "./diagnostics";
import { DURATION_HINT, durationSeconds } from "./duration";
import { PROVIDER_TYPE, providerSchema, resourceSchema, providerSettings, propsOf, snake, stateOf, TF_RESOURCES, TIMEOUTS, type TfResource } from "./schema";

/* eslint-disable @typescript-eslint/no-explicit-any */
type DynamicValue = { msgpack?: Uint8Array; json?: Uint8Array };
type Obj = Record<string, CtyValue>;

const decode = (v: DynamicValue | undefined, type: CtyType): CtyValue =>
  v?.msgpack?.length ? fromMsgpack(v.msgpack, type) : v?.json?.length ? fromJson(JSON.parse(Buffer.from(v.json).toString("utf8")), type) : null;
const encode = (value: CtyValue, type: CtyType): DynamicValue => ({ msgpack: toMsgpack(value, type) });

function resourceOf(typeName: string): TfResource {
  const r = TF_RESOURCES[typeName];
  if (!r) throw new Error(`terraform-provider-sessions has no resource type "${typeName}" (it has ${Object.keys(TF_RESOURCES).join(", ")})`);
  return r;
}

/** Seconds from a `timeouts` block ("20m"), 0 when not set (then waitTimeoutSeconds applies). */
function timeoutOf(state: CtyValue, op: (typeof TIMEOUTS)[number]): number {
  const t = ((state as Obj | null)?.timeouts as Obj | null)?.[op];
  return typeof t === "string" ? (durationSeconds(t) ?? 0) : 0;
}

/** `timeouts` entries that are not durations, as check failures. */
function timeoutFailures(config: CtyValue) {
  const t = ((config as Obj | null)?.timeouts ?? {}) as Obj;
  return TIMEOUTS.filter((op) => typeof t[op] === "string" && durationSeconds(t[op] as string) === undefined).map((op) => ({
    property: `timeouts.${op}`,
    reason: `"${String(t[op])}" is not ${DURATION_HINT}`,
  }));
}

/**
 * A call's answer with its diagnostics: the warnings the handlers raised, and the error a
 * call ended with (Terraform reads errors as diagnostics; the gRPC call itself succeeds).
 */
async function answer<R extends object>(fn: () => Promise<R>, onError: () => object = () => ({})): Promise<R & { diagnostics: Diagnostic[] }> {
  const warnings: Diagnostic[] = [];
  try {
    const r = await withWarnings((m) => warnings.push(warningDiagnostic(m)), fn);
    return { ...r, diagnostics: [...warnings, ...((r as { diagnostics?: Diagnostic[] }).diagnostics ?? [])] };
  } catch (e) {
    return { ...onError(), diagnostics: [...warnings, errorDiagnostic(e)] } as R & { diagnostics: Diagnostic[] };
  }
}

/** The state after an apply: the handlers' outputs, with every input the plan knew kept as planned (Terraform requires it). */
function applied(r: TfResource, planned: Obj, outs: Props): Obj {
  const state = stateOf(r, outs, planned.timeouts) as Obj;
  for (const a of r.attributes) if (a.input && planned[a.name] !== null && !hasUnknown(planned[a.name])) state[a.name] = planned[a.name];
  return state;
}

/** A stored attribute today's schema no longer has, under the name an upgrade step knows it by (snake_case → camelCase); null is "not set", as in Pulumi state. */
const camelKeys = (raw: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(raw).flatMap(([k, v]) => (v === null ? [] : [[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]])));

/** Inputs for create/update: the planned values, without those still unknown (a default or the service fills them in). */
const knownInputs = (r: TfResource, planned: Obj): Props => Object.fromEntries(Object.entries(propsOf(r, planned, "input")).filter(([, v]) => v !== UNKNOWN));

export function tfProvider() {
  return {
    GetProviderSchema: async () => ({
      provider: providerSchema(),
      resource_schemas: Object.fromEntries(Object.values(TF_RESOURCES).map((r) => [r.typeName, resourceSchema(r)])),
      data_source_schemas: {},
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: false },
      diagnostics: [],
    }),

    ValidateProviderConfig: async () => ({ diagnostics: [] }),

    ConfigureProvider: (req: { config?: DynamicValue }) =>
      answer(async () => {
        const config = (decode(req.config, PROVIDER_TYPE) ?? {}) as Obj;
        const values = new Map<string, string>();
        // A value not known yet (from a resource not created) is left to the environment.
        for (const s of providerSettings()) {
          const v = config[s.name];
          if (typeof v === "string" && v !== "") values.set(configKey(s.spec.key, TERRAFORM_NAMESPACE), v);
        }
        configure({ config: { get: (k: string) => values.get(k) } }, TERRAFORM_NAMESPACE);
        return {};
      }),

    // Before the provider is configured (`tofu validate` too): the inputs' schema only.
    ValidateResourceConfig: (req: { type_name: string; config?: DynamicValue }) =>
      answer(async () => {
        const r = resourceOf(req.type_name);
        const config = decode(req.config, r.stateType);
        const checked = checkInputs(KINDS[r.kind].inputs, propsOf(r, config, "input"), KINDS[r.kind].hints);
        return { diagnostics: [...checked.failures, ...timeoutFailures(config)].map(failureDiagnostic) };
      }),

    // Every schema so far is version 0; state written by an older release goes through the
    // kind's upgrade steps (the ones Pulumi state takes), then today's attributes are kept.
    UpgradeResourceState: (req: { type_name: string; raw_state?: { json?: Uint8Array } }) =>
      answer(async () => {
        const r = resourceOf(req.type_name);
        const raw = req.raw_state?.json?.length ? (JSON.parse(Buffer.from(req.raw_state.json).toString("utf8")) as Record<string, unknown>) : null;
        if (raw === null) return { upgraded_state: encode(null, r.stateType) };
        const state = fromJson(raw, r.stateType) as Obj;
        const stored = { ...camelKeys(raw), ...propsOf(r, state) };
        const migrated = migrateStored(stored, KINDS[r.kind].migrations);
        // Upgraded once: the handlers must not take the same steps again.
        const props = migrated === stored ? migrated : { ...migrated, providerVersion: PACKAGE_VERSION };
        return { upgraded_state: encode(stateOf(r, props, state.timeouts), r.stateType) };
      }),

    // Refresh, and the read after an import (state holding only the id: the handlers' import path).
    ReadResource: (req: { type_name: string; current_state?: DynamicValue; private?: Uint8Array }) =>
      answer(
        async () => {
          const r = resourceOf(req.type_name);
          const current = (decode(req.current_state, r.stateType) ?? {}) as Obj;
          const got = await handlers(r.kind).read(String(current.id), propsOf(r, current));
          const state = got.id ? stateOf(r, { ...(got.props as Props), id: got.id }, current.timeouts ?? null) : null;
          return { new_state: encode(state, r.stateType), private: req.private };
        },
        () => ({ new_state: req.current_state }),
      ),

    PlanResourceChange: (req: { type_name: string; prior_state?: DynamicValue; proposed_new_state?: DynamicValue }) =>
      answer(async () => {
        const r = resourceOf(req.type_name);
        const prior = decode(req.prior_state, r.stateType) as Obj | null;
        const proposed = decode(req.proposed_new_state, r.stateType) as Obj | null;
        if (proposed === null) return { planned_state: encode(null, r.stateType) };
        const h = handlers(r.kind);
        // The same check as `pulumi preview`: the schema, then what needs the provider's settings.
        const checked = await h.check({}, propsOf(r, proposed, "input"));
        const failures = [...(checked.failures ?? []), ...timeoutFailures(proposed)];
        if (failures.length) return { diagnostics: failures.map(failureDiagnostic) };
        const inputs = checked.inputs as Props;
        const defaults = stateOf(r, inputs) as Obj;
        const planned: Obj = { ...proposed };
        // Optional inputs left out: the default, or what the service will choose.
        for (const a of r.attributes) if (a.input && a.computed && planned[a.name] === null) planned[a.name] = defaults[a.name] ?? UNKNOWN_VALUE;
        if (prior === null) {
          for (const a of r.attributes) if (!a.input) planned[a.name] = UNKNOWN_VALUE;
          planned[snake("providerVersion")] = PACKAGE_VERSION;
          return { planned_state: encode(planned, r.stateType) };
        }
        const olds = propsOf(r, prior);
        // A new provider version is not a change here: no provider code lives in state.
        const d = await h.diff(String(prior.id), { ...olds, providerVersion: PACKAGE_VERSION }, inputs);
        if (!d.changes) return { planned_state: encode({ ...prior, timeouts: proposed.timeouts }, r.stateType) };
        // An update that calls no API keeps every output; one that does learns them at apply.
        for (const a of r.attributes) if (!a.input) planned[a.name] = d.callsService ? UNKNOWN_VALUE : prior[a.name];
        planned[snake("providerVersion")] = PACKAGE_VERSION;
        if (d.replaces.length === 0) planned.id = prior.id;
        return { planned_state: encode(planned, r.stateType), requires_replace: d.replaces.map((k) => ({ steps: [{ attribute_name: snake(k) }] })) };
      }),

    ApplyResourceChange: (req: { type_name: string; prior_state?: DynamicValue; planned_state?: DynamicValue }) =>
      answer(
        async () => {
          const r = resourceOf(req.type_name);
          const prior = decode(req.prior_state, r.stateType) as Obj | null;
          const planned = decode(req.planned_state, r.stateType) as Obj | null;
          const h = handlers(r.kind);
          if (planned === null) {
            const olds = propsOf(r, prior);
            await engineBound(timeoutOf(prior, "delete"), "timeouts.delete", () => h.delete(String(olds.id), olds));
            return { new_state: encode(null, r.stateType) };
          }
          const news = knownInputs(r, planned);
          try {
            const outs =
              prior === null
                ? (await engineBound(timeoutOf(planned, "create"), "timeouts.create", () => h.create(news))).outs
                : (await engineBound(timeoutOf(planned, "update"), "timeouts.update", () => h.update(String(prior.id), propsOf(r, prior), news))).outs;
            return { new_state: encode(applied(r, planned, outs as Props), r.stateType) };
          } catch (e: any) {
            // The session exists but is short of its target: record it (OpenTofu marks a
            // created one tainted), so it is never lost and `destroy` closes it.
            if (e?.id) return { new_state: encode(applied(r, planned, e.properties), r.stateType), diagnostics: [errorDiagnostic(e, { tainted: prior === null })] };
            throw e;
          }
        },
        // Failed before anything changed: the state stays as it was.
        () => ({ new_state: req.prior_state }),
      ),

    ImportResourceState: (req: { type_name: string; id: string }) =>
      answer(async () => {
        const r = resourceOf(req.type_name);
        return { imported_resources: [{ type_name: r.typeName, state: encode(stateOf(r, { id: req.id }), r.stateType) }] };
      }),

    // Ctrl-C: waits in flight stop and their sessions are recorded, as under Pulumi.
    StopProvider: async () => {
      signalCancellation();
      return {};
    },
  };
}
