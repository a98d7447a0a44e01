// The pulumi-sessions policy pack: `pulumi preview --policy-pack node_modules/pulumi-sessions/policy`.
// The rules live in ../dist/guardrails (built from guardrails/*.ts).
require("../dist/guardrails/pack");
