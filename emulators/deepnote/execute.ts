/**
 * A tiny stand-in for running code in the session's kernel: enough to exercise the
 * documented contract (nbformat outputs, user exceptions as `output_type: "error"`
 * with HTTP 200, 408 on timeout), not a Python interpreter.
 */
export function executeCode(code: string, timeoutMs: number): { timedOut: boolean; outputs: unknown[] } {
  const sleep = /sleep\(\s*(\d+(?:\.\d+)?)\s*\)/.exec(code);
  if (sleep && Number(sleep[1]) * 1000 > timeoutMs) return { timedOut: true, outputs: [] };
  const raise = /raise\s+(\w+)\(\s*["']?([^"')]*)["']?\s*\)/.exec(code);
  if (raise) {
    return {
      timedOut: false,
      outputs: [{ output_type: "error", ename: raise[1], evalue: raise[2], traceback: [`${raise[1]}: ${raise[2]}`] }],
    };
  }
  const outputs: unknown[] = [];
  for (const m of code.matchAll(/print\(\s*(?:["']([^"']*)["']|([^)]*))\s*\)/g)) {
    outputs.push({ output_type: "stream", name: "stdout", text: `${m[1] ?? m[2]}\n` });
  }
  return { timedOut: false, outputs };
}
