/**
 * Runs a command on this machine. The child is spawned `detached`, so it leads its own
 * process group: a signal to the group reaches every descendant that stayed in it, and
 * tree-kill (which walks the parent/child links) reaches those that made their own group.
 * What escaped both (`setsid`, a double fork) is found by its TEMPFS_JOB variable
 * (job-marker.ts). When the command exits, whatever it left running is ended (TERM, then
 * KILL) before its end is reported.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import treeKill from 'tree-kill';
import { childDone } from './child-done.js';
import { endHostJob, JOB_VARIABLE, newJobId, signalHostJob } from './job-marker.js';
import type { LaunchRequest, Launched } from './launcher.js';

export function launchOnHost(request: LaunchRequest): Launched {
  const job = newJobId(request.id);
  const child = spawn('bash', ['-c', request.command], {
    cwd: request.cwd,
    env: { ...(request.baseEnv ?? process.env), ...request.env, [JOB_VARIABLE]: job },
    detached: true,
    stdio: [request.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  // A write to a process that has exited must not crash the manager.
  child.stdin?.on('error', () => {});
  const pid = child.pid;
  // Leftovers go as soon as the command exits: they may hold its output pipes open.
  const leftoversGone = once(child, 'exit').then(
    () => endLeftovers(pid, job),
    () => {},
  );
  const done = Promise.all([childDone(child), leftoversGone]).then(([exit]) => exit);
  return {
    pid,
    started: Promise.resolve(),
    stdin: child.stdin,
    stdout: child.stdout!,
    stderr: child.stderr!,
    done,
    kill: (signal, leaderGone) => killHostTree(pid, signal, leaderGone, job),
  };
}

async function endLeftovers(pid: number | undefined, job: string): Promise<void> {
  if (pid !== undefined) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // the group is empty
    }
  }
  await endHostJob(job, pid);
  if (pid !== undefined) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is empty
    }
  }
}

export async function killHostTree(pid: number | undefined, signal: NodeJS.Signals, leaderGone = false, job?: string): Promise<void> {
  if (pid === undefined) return;
  // First the walk (it needs the leader alive to find children), then the group. Once
  // the leader is gone its pid may belong to someone else: only the group is safe then,
  // as Linux does not reuse a pid while it still names a process group.
  if (!leaderGone) await new Promise<void>((resolve) => treeKill(pid, signal, () => resolve()));
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already empty.
  }
  if (job !== undefined) await signalHostJob(job, signal, pid);
}
