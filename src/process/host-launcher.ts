/**
 * Runs a command on this machine. The child is spawned `detached`, so it leads its own
 * process group: a signal to the group reaches every descendant that stayed in it, and
 * tree-kill (which walks the parent/child links) reaches those that made their own group.
 */
import { spawn } from 'node:child_process';
import treeKill from 'tree-kill';
import { childDone } from './child-done.js';
import type { LaunchRequest, Launched } from './launcher.js';

export function launchOnHost(request: LaunchRequest): Launched {
  const child = spawn('bash', ['-c', request.command], {
    cwd: request.cwd,
    env: { ...(request.baseEnv ?? process.env), ...request.env },
    detached: true,
    stdio: [request.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  // A write to a process that has exited must not crash the manager.
  child.stdin?.on('error', () => {});
  const pid = child.pid;
  return {
    pid,
    started: Promise.resolve(),
    stdin: child.stdin,
    stdout: child.stdout!,
    stderr: child.stderr!,
    done: childDone(child),
    kill: (signal, leaderGone) => killHostTree(pid, signal, leaderGone),
  };
}

export async function killHostTree(pid: number | undefined, signal: NodeJS.Signals, leaderGone = false): Promise<void> {
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
}
