/**
 * What a command leaves behind. A process group misses a `setsid` child and a double
 * fork, a cgroup is out of reach of an unprivileged exec; what every descendant keeps is
 * its environment. So each command runs with `TEMPFS_JOB=<unique id>`, and when it ends
 * every process whose /proc/PID/environ holds that line gets SIGTERM, then SIGKILL after
 * a grace. On the host this is done here (same user only: others' environ is not
 * readable); in a container by the `sh` wrapper around the command (JOB_SWEEP, busybox
 * compatible). A process that cleared its environment (`env -i`) is not found.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export const JOB_VARIABLE = 'TEMPFS_JOB';
/** Between SIGTERM and SIGKILL for what a command left running. */
export const LEFTOVER_GRACE_MS = 1000;

/** Unique on this machine and across restarts of the server. */
export function newJobId(id: string): string {
  return `${process.pid}-${id}-${randomBytes(4).toString('hex')}`;
}

/**
 * Host pids (other than this process) started with `TEMPFS_JOB=job` in their environment.
 * Linux hands out pids in increasing order, so only pids from the command's own (`fromPid`)
 * up can be its descendants: the others are not read (once pids wrap around past
 * pid_max, a descendant below it is missed here; the process group still reaches it).
 */
export async function hostJobPids(job: string, fromPid = 0): Promise<number[]> {
  const line = `${JOB_VARIABLE}=${job}`;
  const found: number[] = [];
  const entries = (await readdir('/proc')).filter((e) => /^\d+$/.test(e) && Number(e) >= fromPid && Number(e) !== process.pid);
  await Promise.all(
    entries.map(async (entry) => {
      const environ = await readFile(`/proc/${entry}/environ`).catch(() => undefined);
      if (environ?.toString('latin1').split('\0').includes(line)) found.push(Number(entry));
    }),
  );
  return found;
}

/** Sends `signal` to each pid; one already gone is skipped. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone meanwhile
    }
  }
}

/** One signal to every host process of the job; resolves to how many got it. */
export async function signalHostJob(job: string, signal: NodeJS.Signals, fromPid = 0): Promise<number> {
  const pids = await hostJobPids(job, fromPid);
  signalAll(pids, signal);
  return pids.length;
}

/** SIGTERM to what is left of the job, SIGKILL to what is still there after `graceMs`. */
export async function endHostJob(job: string, fromPid = 0, graceMs = LEFTOVER_GRACE_MS): Promise<void> {
  if ((await signalHostJob(job, 'SIGTERM', fromPid)) === 0) return;
  for (let waited = 0; waited < graceMs; waited += 50) {
    await sleep(50);
    if ((await hostJobPids(job, fromPid)).length === 0) return;
  }
  await signalHostJob(job, 'SIGKILL', fromPid);
}

/**
 * A shell function for the container wrapper: `sweep JOB TENTHS` sends SIGTERM to every
 * process whose environment holds TEMPFS_JOB=JOB, waits up to TENTHS tenths of a second
 * for them to go, then sends SIGKILL to the rest. The wrapper itself does not carry the
 * variable (only the command it starts does), so it never finds itself.
 */
export const JOB_SWEEP =
  // One grep over every environ (the id ends in random hex, so a substring match is exact enough).
  `members() { for f in $(grep -ls "${JOB_VARIABLE}=$1" /proc/[0-9]*/environ 2>/dev/null); do f=\${f#/proc/}; echo \${f%/environ}; done; }; ` +
  'sweep() { m=$(members "$1"); [ -z "$m" ] && return 0; kill -TERM $m 2>/dev/null; n=$2; ' +
  'while [ "$n" -gt 0 ] && [ -n "$(members "$1")" ]; do sleep 0.1; n=$((n - 1)); done; ' +
  'm=$(members "$1"); [ -n "$m" ] && kill -KILL $m 2>/dev/null; return 0; }';
