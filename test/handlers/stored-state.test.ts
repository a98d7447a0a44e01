import { startIbmQuantumEmulator } from "../../emulators/ibm-quantum";
import { handlers } from "../../provider";
import { migrateStored, olderThan } from "../../provider/core/migrate";
import { KINDS } from "../../provider/kinds";
import * as auth from "../../provider/ibm/auth";
import { providerEnv } from "../support/emulators";

/**
 * State written by earlier releases stays manageable: stored inputs are read as stored
 * (upgraded by the kind's migrations), never rejected by today's validators.
 */
let emu: Awaited<ReturnType<typeof startIbmQuantumEmulator>>;
const saved = { ...process.env };
const ibm = handlers("ibm");

beforeAll(async () => {
  emu = await startIbmQuantumEmulator({ port: 0 });
});
afterAll(async () => {
  process.env = saved;
  await emu.running.close();
});
beforeEach(() => {
  process.env = { ...saved, ...providerEnv({ ibm: emu }) };
  auth.clearTokenCache();
});

const open = async () => (await ibm.create({ backend: "ibm_fez", pollIntervalMs: 20, waitTimeoutSeconds: 5 })) as { id: string; outs: Record<string, unknown> };
const state = (id: string) => emu.emulator.state.current.sessions[id];

describe("stored state from earlier releases", () => {
  it("compares release numbers as numbers", () => {
    expect(olderThan("0.1.0", "0.2.0")).toBe(true);
    expect(olderThan("0.10.0", "0.9.2")).toBe(false);
    expect(olderThan("0.2.0", "0.2.0")).toBe(false);
    expect(olderThan("1.0.0-rc.1", "1.0.0")).toBe(false);
  });

  it("runs each upgrade step only on state written before its release, in order", () => {
    const steps = [
      { before: "0.2.0", what: "a", migrate: (s: Record<string, unknown>) => ({ ...s, trail: `${s.trail ?? ""}a` }) },
      { before: "0.3.0", what: "b", migrate: (s: Record<string, unknown>) => ({ ...s, trail: `${s.trail ?? ""}b` }) },
    ];
    expect(migrateStored({ providerVersion: "0.1.0" }, steps).trail).toBe("ab");
    expect(migrateStored({ providerVersion: "0.2.0" }, steps).trail).toBe("b");
    expect(migrateStored({ providerVersion: "0.3.0" }, steps).trail).toBeUndefined();
    expect(migrateStored({}, steps).trail).toBe("ab");
  });

  it("destroys a session whose stored input today's schema refuses", async () => {
    const { id, outs } = await open();
    // A backend name with a space: accepted by 0.1.0 (any non-empty string), refused today.
    await ibm.delete(id, { ...outs, backend: "ibm fez" });
    expect(state(id).acceptingJobs).toBe(false);
  });

  it("refreshes and updates a session whose stored inputs today's schema refuses", async () => {
    const { id, outs } = await open();
    const stored = { ...outs, backend: "ibm fez", pollIntervalMs: 5 };
    const read = await ibm.read(id, stored);
    expect(read.id).toBe(id);
    expect(read.inputs).toMatchObject({ backend: "ibm fez" });
    const news = { ...outs, acceptingJobs: false, pollIntervalMs: 20, waitTimeoutSeconds: 5 };
    await ibm.update(id, stored, news);
    expect(state(id).acceptingJobs).toBe(false);
  });

  it("says which input is wrong, not a raw schema error, when unchecked inputs reach an update", async () => {
    const { id, outs } = await open();
    const err = await ibm.update(id, outs, { ...outs, mode: "sideways" }).catch((e) => e);
    expect(err.code).toBe("PS_INVALID_INPUT");
    expect(err.message).toMatch(/input mode/);
  });

  it("upgrades a 0.1.0 IBM session, which did not record its instance, to address the instance it was opened in", async () => {
    const { id, outs } = await open();
    const written010: Record<string, unknown> = { ...outs, instance: emu.info.instance, providerVersion: "0.1.0" };
    delete written010.serviceCrn;
    // The default instance has changed since: without the upgrade, destroy would address that one.
    process.env.QISKIT_IBM_INSTANCE = emu.info.instance.replace("00000000-demo-inst", "11111111-other-inst");
    await ibm.delete(id, written010);
    expect(state(id).acceptingJobs).toBe(false);
    expect(KINDS.ibm.migrations?.map((m) => m.before)).toEqual(["0.2.0"]);
  });
});
