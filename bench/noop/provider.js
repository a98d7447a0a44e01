// The floor's provider: does nothing, so the engine's own cost is all that is measured.
// With `sleepMs`, it sleeps that long once per create, read and delete: the ideal provider
// at a given API latency (one round trip each; a refresh has to ask, so read sleeps too).
const pause = (ms) => (ms ? new Promise((r) => setTimeout(r, ms)) : undefined);

exports.create = async function create(inputs) {
  await pause(inputs.sleepMs);
  return { id: `noop-${Math.random().toString(36).slice(2)}`, outs: inputs };
};
exports.diff = async function diff() {
  return { changes: false };
};
exports.read = async function read(id, props) {
  await pause(props.sleepMs);
  return { id, props };
};
exports.delete = async function del(_id, props) {
  await pause(props.sleepMs);
};
