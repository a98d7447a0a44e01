import { HEADER, formatRow, runChaos } from "./chaos";

/** `npm run chaos [-- N ROUNDS SEED]` (scripts/chaos.sh): prints the table and the summary line. */
jest.setTimeout(24 * 3600_000);

it("chaos", async () => {
  const n = Number(process.env.CHAOS_N ?? 30);
  const rounds = Number(process.env.CHAOS_ROUNDS ?? 10);
  const seed = Number(process.env.CHAOS_SEED ?? 1);
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`chaos: ${n} sessions per vendor, ${rounds} rounds, seed ${seed}, jupyter ${process.env.CHAOS_JUPYTER !== "0"}`);
  out(HEADER);
  const { rows, summary } = await runChaos({
    perVendor: n,
    rounds,
    seed,
    jupyter: process.env.CHAOS_JUPYTER !== "0",
    log: (l) => (l.startsWith("|") ? undefined : process.stderr.write(`${l}\n`)),
  });
  for (const r of rows) out(formatRow(r));
  out(summary);
  expect(rows.every((r) => r.clean)).toBe(true);
});
