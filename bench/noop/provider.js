// The floor's provider: does nothing, so the engine's own cost is all that is measured.
// With `sleepMs`, it sleeps that long once per create, read and delete: the ideal provider
// at a given API latency (one round trip each; a refresh has to ask, so read sleeps too).
// Written as TypeScript emits it (4-space indents), so that the floor's stored code is the
// same, byte for byte, as when this object was declared in index.ts.
module.exports = {
    async create(inputs) {
        if (inputs.sleepMs)
            await new Promise((r) => setTimeout(r, inputs.sleepMs));
        return { id: `noop-${Math.random().toString(36).slice(2)}`, outs: inputs };
    },
    async diff() {
        return { changes: false };
    },
    async read(id, props) {
        if (props.sleepMs)
            await new Promise((r) => setTimeout(r, props.sleepMs));
        return { id, props };
    },
    async delete(_id, props) {
        if (props.sleepMs)
            await new Promise((r) => setTimeout(r, props.sleepMs));
    },
};
