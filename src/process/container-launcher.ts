/**
 * Runs a command inside a running container with `podman exec`. Killing the local
 * `podman exec` client does not kill what runs in the container, so the command is
 * started under `setsid`: it leads a new process group inside the container, reports
 * that group's id as a first marker line on stderr, and is stopped from outside with
 * `podman exec NAME sh -c 'kill -SIG -PGID'`. The command carries TEMPFS_JOB (see
 * job-marker.ts): when it ends, the wrapper ends what it left behind (in its group or
 * not: `cmd &`, `setsid cmd`, a double fork) before it exits itself, so `podman exec`
 * returns only once they are gone, at no extra exec.
 */
import { spawn } from 'node:child_process';
import { childDone } from './child-done.js';
import { JOB_SWEEP, JOB_VARIABLE, LEFTOVER_GRACE_MS, newJobId } from './job-marker.js';
import { markerFilter } from './pgid-marker.js';
import { remoteScript } from './pty-signals.js';
import type { LaunchRequest, Launched } from './launcher.js';

/**
 * $1 = the inner script, $2 = the user's command, $3 = the job id. setsid runs in a child of the outer
 * shell (which is not a group leader, so setsid need not fork and the exit code reaches
 * us). It runs as an asynchronous list with stdin passed in explicitly and is awaited
 * with `wait`: a shell reports "Terminated" for a foreground child killed by a signal,
 * not for an awaited background one, and that notice must not end up in the output.
 * Then the job's leftovers are swept and the command's status is passed on.
 */
const OUTER = [
  'exec 3>&2 4<&0 2>/dev/null',
  'command -v setsid >/dev/null || { echo "tempfs: setsid is missing in the container" >&3; exit 127; }',
  'setsid sh -c "$1" tempfs "$2" "$3" 2>&3 <&4 3>&- 4<&- &',
  'wait $!',
  'status=$?',
  JOB_SWEEP,
  `sweep "$3" ${Math.round(LEFTOVER_GRACE_MS / 100)}`,
  'exit $status',
].join('\n');
const INNER =
  `printf '${'\\036'}tempfs-pgid %s\\n' "$$" >&2; export ${JOB_VARIABLE}="$2"; ` +
  'if command -v bash >/dev/null 2>&1; then exec bash -c "$1"; else exec sh -c "$1"; fi';

export function containerArgs(name: string, request: LaunchRequest): string[] {
  const args = ['exec'];
  if (request.stdin) args.push('-i');
  if (request.cwd) args.push('-w', request.cwd);
  for (const [key, value] of Object.entries(request.env ?? {})) args.push('-e', `${key}=${value}`);
  args.push(name, 'sh', '-c', OUTER, 'tempfs', INNER, request.command, newJobId(request.id));
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
  // The pid reported is the command's inside the container: the group leader the marker names.
  let remotePid: number | undefined;
  const started = marker.pgid.then((pgid) => void (remotePid = pgid));
  return {
    get pid() {
      return remotePid;
    },
    started,
    stdin: child.stdin,
    stdout: child.stdout!,
    stderr: marker.stream,
    done,
    kill,
  };
}

function remoteKill(podmanPath: string, name: string, pgid: number, signal: NodeJS.Signals): Promise<void> {
  // The shell's builtin `kill` takes `-PGID` the same way in bash, dash and busybox.
  return remoteScript(podmanPath, name, `kill -${signal.replace(/^SIG/, '')} -$1`, [String(pgid)]).then(() => {});
}
