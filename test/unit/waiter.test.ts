import { fakeClock, type Clock } from "../../provider/core/clock";
import { SessionFailedError, SessionGoneError, WaitCancelledError, WaitTimeoutError } from "../../provider/core/errors";
import { waitForState } from "../../provider/core/waiter";

const seq = (states: (string | undefined)[]) => {
  let i = 0;
  return async () => {
    const s = states[Math.min(i++, states.length - 1)];
    return s === undefined ? undefined : { state: s };
  };
};

describe("waiter", () => {
  it("polls through pending states until a target state", async () => {
    const clock = fakeClock();
    const v = await waitForState({ what: "s", read: seq(["CREATING", "CREATING", "ACTIVE"]), stateOf: (x) => x.state, target: ["ACTIVE"], timeoutMs: 10_000, pollIntervalMs: 500, clock });
    expect(v.state).toBe("ACTIVE");
    expect(clock.sleeps).toEqual([500, 750]);
  });

  it("backs off between polls, by half each time, up to the longest pause", async () => {
    const clock = fakeClock();
    const states = [...Array(8).fill("Pending"), "open"];
    await waitForState({ what: "s", read: seq(states), stateOf: (x) => x.state, target: ["open"], timeoutMs: 600_000, pollIntervalMs: 1000, maxPollIntervalMs: 5000, clock });
    expect(clock.sleeps).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 5000, 5000]);
  });

  it("reads again at once when the pending hook made progress (a kernel that answered), but only once", async () => {
    const clock = fakeClock();
    const v = await waitForState({
      what: "s", read: seq(["starting", "starting", "starting", "idle"]), stateOf: (x) => x.state, target: ["idle"],
      onPending: async () => true, timeoutMs: 60_000, pollIntervalMs: 1000, clock,
    });
    expect(v.state).toBe("idle");
    expect(clock.sleeps).toEqual([1000, 1500]);
  });

  it("never pauses less than pollIntervalMs, even above the longest pause", async () => {
    const clock = fakeClock();
    await waitForState({ what: "s", read: seq(["Pending", "Pending", "open"]), stateOf: (x) => x.state, target: ["open"], timeoutMs: 600_000, pollIntervalMs: 60_000, clock });
    expect(clock.sleeps).toEqual([60_000, 60_000]);
  });

  it("fails fast on a failure state with its reason", async () => {
    const err = await waitForState({ what: "s", read: seq(["open", "closed"]), stateOf: (x) => x.state, target: ["active"], failure: ["closed"], reasonOf: () => "max_ttl", timeoutMs: 10_000, pollIntervalMs: 1, clock: fakeClock() }).catch((e) => e);
    expect(err).toBeInstanceOf(SessionFailedError);
    expect(err.message).toContain("closed (max_ttl)");
  });

  it("times out at the deadline naming the expected and last state", async () => {
    const err = await waitForState({ what: "s", read: seq(["CREATING"]), stateOf: (x) => x.state, target: ["ACTIVE"], timeoutMs: 3000, pollIntervalMs: 1000, clock: fakeClock() }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err).toMatchObject({ code: "PS_WAIT_TIMEOUT", lastState: "CREATING", expected: ["ACTIVE"] });
    expect(err.message).toContain("waitTimeoutSeconds");
  });

  it("treats states it does not know as pending", async () => {
    const v = await waitForState({ what: "s", read: seq(["brand_new_state", "ACTIVE"]), stateOf: (x) => x.state, target: ["ACTIVE"], failure: ["FAILED"], timeoutMs: 10_000, pollIntervalMs: 1, clock: fakeClock() });
    expect(v.state).toBe("ACTIVE");
  });

  it("tolerates one not-found read, then reports the session gone", async () => {
    const ok = await waitForState({ what: "s", read: seq([undefined, "ACTIVE"]), stateOf: (x) => x.state, target: ["ACTIVE"], notFoundChecks: 1, timeoutMs: 10_000, pollIntervalMs: 1, clock: fakeClock() });
    expect(ok.state).toBe("ACTIVE");
    await expect(waitForState({ what: "s", read: seq([undefined]), stateOf: (x: { state: string }) => x.state, target: ["ACTIVE"], notFoundChecks: 1, timeoutMs: 10_000, pollIntervalMs: 1, clock: fakeClock() })).rejects.toBeInstanceOf(SessionGoneError);
  });

  it("stops at its next pause once the run is cancelled, naming the last state; the read in flight finishes", async () => {
    const cancel = new AbortController();
    let reads = 0;
    const read = async () => {
      reads++;
      if (reads === 2) cancel.abort(); // Ctrl-C arrives while this read is in flight
      return { state: "CREATING" };
    };
    const clock = fakeClock();
    const err = await waitForState({ what: "s", read, stateOf: (x) => x.state, target: ["ACTIVE"], timeoutMs: 600_000, pollIntervalMs: 1000, clock, signal: cancel.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitCancelledError);
    expect(err).toMatchObject({ code: "PS_WAIT_CANCELLED", lastState: "CREATING" });
    expect(err.message).toMatch(/run `pulumi up` again to keep waiting/);
    expect(reads).toBe(2);
    expect(clock.sleeps).toEqual([1000]);
  });

  it("ends a pause at once when the run is cancelled during it", async () => {
    const cancel = new AbortController();
    // A pause that only the signal ends: the waiter must hand its signal to the clock.
    const clock: Clock = {
      now: () => 0,
      sleep: (_ms, signal) => new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true })),
    };
    const waiting = waitForState({ what: "s", read: async () => ({ state: "CREATING" }), stateOf: (x) => x.state, target: ["ACTIVE"], timeoutMs: 600_000, pollIntervalMs: 1000, clock, signal: cancel.signal });
    cancel.abort();
    await expect(waiting).rejects.toBeInstanceOf(WaitCancelledError);
  });

  it("still returns a target state read after the cancel", async () => {
    const cancel = new AbortController();
    cancel.abort();
    const v = await waitForState({ what: "s", read: seq(["ACTIVE"]), stateOf: (x) => x.state, target: ["ACTIVE"], timeoutMs: 600_000, pollIntervalMs: 1000, clock: fakeClock(), signal: cancel.signal });
    expect(v.state).toBe("ACTIVE");
  });
});
