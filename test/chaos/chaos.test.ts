import { HEADER, runChaos } from "./chaos";

/** A reduced chaos round in `npm test`; `npm run chaos -- N ROUNDS SEED` runs the full one. */
jest.setTimeout(15 * 60_000);

it("a mixed stack under random faults, a lost create per vendor and a token expiry leaves no orphan, duplicate or open session", async () => {
  const lines: string[] = [];
  const { rows, summary } = await runChaos({ perVendor: 2, rounds: 1, seed: 7, jupyter: true, log: (l) => lines.push(l) });
  process.stdout.write(`${HEADER}\n${lines.join("\n")}\n${summary}\n`);
  expect(rows).toHaveLength(1);
  expect(rows[0].faults).toBeGreaterThan(0);
  expect(rows[0]).toMatchObject({ duplicates: 0, orphans: 0, missing: 0, openAfterDestroy: 0, unexpectedChanges: 0, clean: true });
});
