import { HEADER, runChaos } from "./chaos";

/** A reduced chaos round in `npm test`; `npm run chaos -- N ROUNDS SEED` runs the full one. */
jest.setTimeout(15 * 60_000);

it("a mixed stack under random 5xx, 429 and latency, a lost create answer (IBM, OCI), a lost delete answer (Deepnote) and an IAM token expiring mid-up leaves no orphan, duplicate or open session (Jupyter, a real server, runs beside them without injected faults)", async () => {
  const lines: string[] = [];
  const { rows, summary } = await runChaos({ perVendor: 2, rounds: 1, seed: 7, jupyter: true, log: (l) => lines.push(l) });
  process.stdout.write(`${HEADER}\n${lines.join("\n")}\n${summary}\n`);
  expect(rows).toHaveLength(1);
  expect(rows[0].faults).toBeGreaterThan(0);
  expect(rows[0].lostAnswers).toEqual({ ibm: expect.any(Number), oci: expect.any(Number), deepnote: expect.any(Number) });
  for (const lost of Object.values(rows[0].lostAnswers)) expect(lost).toBeGreaterThanOrEqual(1);
  expect(rows[0].tokenExpiredDuringUp).toBe(true);
  expect(rows[0]).toMatchObject({ duplicates: 0, orphans: 0, missing: 0, openAfterDestroy: 0, unexpectedChanges: 0, clean: true });
});
