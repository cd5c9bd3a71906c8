/**
 * Runs a command inside a running container with `podman exec`. Killing the local
 * `podman exec` client does not kill what runs in the container, so the command is
 * started under `setsid`: it leads a new process group inside the container, reports
 * that group's id as a first marker line on stderr, and is stopped from outside with
 * `podman exec NAME sh -c 'kill -SIG -PGID'`.
 */
import { spawn } from 'node:child_process';
import { childDone } from './child-done.js';
import { markerFilter } from './pgid-marker.js';
import type { LaunchRequest, Launched } from './launcher.js';

/**
 * $1 = the inner script, $2 = the user's command. The outer shell keeps running after
 * `setsid` (the `exit $?` stops it from exec-ing), so setsid runs in a child that is not
 * a group leader and does not need to fork: the exit code reaches us.
 */
const OUTER = 'setsid sh -c "$1" tempfs "$2"; exit $?';
const INNER =
  `printf '${'\\036'}tempfs-pgid %s\\n' "$$" >&2; ` +
  'if command -v bash >/dev/null 2>&1; then exec bash -c "$1"; else exec sh -c "$1"; fi';

export function containerArgs(name: string, request: LaunchRequest): string[] {
  const args = ['exec'];
  if (request.stdin) args.push('-i');
  if (request.cwd) args.push('-w', request.cwd);
  for (const [key, value] of Object.entries(request.env ?? {})) args.push('-e', `${key}=${value}`);
  args.push(name, 'sh', '-c', OUTER, 'tempfs', INNER, request.command);
  return args;
}

export function launchInContainer(podmanPath: string, name: string, request: LaunchRequest): Launched {
  const child = spawn(podmanPath, containerArgs(name, request), {
    stdio: [request.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  child.stdin?.on('error', () => {});
  const marker = markerFilter(child.stderr!);
  const done = childDone(child);
  const kill = async (signal: NodeJS.Signals) => {
    const pgid = await marker.pgid;
    if (pgid !== undefined) await remoteKill(podmanPath, name, pgid, signal);
    // The remote group is gone (or never started): let the local client go too.
    if (signal === 'SIGKILL' || pgid === undefined) child.kill(signal);
  };
  return { pid: child.pid, stdin: child.stdin, stdout: child.stdout!, stderr: marker.stream, done, kill };
}

function remoteKill(podmanPath: string, name: string, pgid: number, signal: NodeJS.Signals): Promise<void> {
  const sig = signal.replace(/^SIG/, '');
  return new Promise((resolve) => {
    // The shell's builtin `kill` takes `-PGID` the same way in bash, dash and busybox.
    const args = ['exec', name, 'sh', '-c', `kill -${sig} -$1`, 'tempfs', String(pgid)];
    const killer = spawn(podmanPath, args, { stdio: 'ignore' });
    killer.once('error', () => resolve());
    killer.once('close', () => resolve());
  });
}
