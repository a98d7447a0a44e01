import * as fs from "node:fs";

/**
 * Every process below `pid` (children, theirs, …), read from /proc. The Pulumi CLI starts its
 * plugins in process groups of their own, so killing the CLI's group leaves them running; a
 * test that kills "the whole runner" kills these too.
 */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) if (parent === p) (out.push(child), walk(child));
  };
  walk(pid);
  return out;
}

/** SIGKILL `pid`'s process group and every process below it (a machine that dies); returns those below. */
export function killTree(pid: number): number[] {
  const below = descendants(pid);
  for (const target of [-pid, ...below]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  return below;
}

/** Whether a process is still there (a zombie its parent has not reaped counts as gone). */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
