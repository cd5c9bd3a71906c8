/**
 * Process identity from /proc (Linux, where Podman runs). A bare pid can be reused, so
 * a record keeps the pid's start time and a monitor is recognised by its command line.
 */
import { readFile, readdir } from 'node:fs/promises';

/** Fields 3 (state) and 22 (start time in clock ticks since boot) of /proc/<pid>/stat. */
async function readStat(pid: number): Promise<{ state: string; start: string } | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '', start: rest[19] ?? '' };
  } catch {
    return null;
  }
}

/** The start time of a live process, or null when it is gone. A zombie counts as gone:
 * an exited monitor whose parent died waits there until init reaps it, maybe never. */
export async function processStartTime(pid: number): Promise<string | null> {
  const stat = await readStat(pid);
  return stat === null || stat.state === 'Z' || stat.state === 'X' ? null : stat.start;
}

/** Alive and, when `startTime` is given, the same process that was recorded. */
export async function isProcessAlive(pid: number | null, startTime?: string | null): Promise<boolean> {
  if (pid === null || !Number.isInteger(pid) || pid <= 0) return false;
  const now = await processStartTime(pid);
  if (now === null) return false;
  return startTime == null || now === startTime;
}

export async function commandLine(pid: number): Promise<string[] | null> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((part) => part !== '');
  } catch {
    return null;
  }
}

/** The argv of a monitor names its entry script and carries `--session <id>`. */
export function isMonitorArgv(argv: string[], session: string): boolean {
  return monitorSessionOf(argv) === session;
}

export async function isMonitorProcess(pid: number | null, session: string): Promise<boolean> {
  if (pid === null || pid <= 0) return false;
  const argv = await commandLine(pid);
  return argv !== null && isMonitorArgv(argv, session);
}

/** The session a monitor argv watches, or null when the argv is not a monitor's. */
export function monitorSessionOf(argv: string[]): string | null {
  const entry = argv.some((arg) => /monitor[\\/]main\.js$/.test(arg));
  const at = argv.indexOf('--session');
  return entry && at !== -1 ? (argv[at + 1] ?? null) : null;
}

/** Live monitors by session, found by scanning /proc (for sessions that lost their record). */
export async function scanMonitors(): Promise<Map<string, number[]>> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const found = new Map<string, number[]>();
  for (const pid of pids) {
    const argv = pid === process.pid ? null : await commandLine(pid);
    const session = argv && monitorSessionOf(argv);
    if (session) found.set(session, [...(found.get(session) ?? []), pid]);
  }
  return found;
}

/** Pids of live processes with one argument equal to `arg` (not this process). */
export async function findProcessesWithArg(arg: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const found: number[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const argv = await commandLine(pid);
    if (argv?.includes(arg) && (await processStartTime(pid)) !== null) found.push(pid);
  }
  return found;
}
