// What the generated plugin SDK's constructors call (scripts/gen-sdks.sh): see dynamic/promise-stacks.ts.
export { withoutPromiseStacks } from "../dynamic/promise-stacks";
