/**
 * The guard of container terminals, a small detached process. A shell started with
 * `podman exec -it` outlives the `podman exec` client: when the process that held the
 * terminals dies (even by SIGKILL), the client goes but the shell in the container stays.
 * The same holds for the processes the terminal host starts: on this machine each leads
 * its own process group, which nothing would end once the host is gone.
 * The guard reads registrations on stdin, one JSON object a line
 * (`{"op":"add"|"del","podman","container","pid"}` for a session in a container,
 * `{"op":"add-group"|"del-group","pgid"}` for a process group here); at EOF — its owner
 * ended, however — it ends the session of every shell and every group still registered
 * (SIGTERM, SIGKILL a second later), then exits.
 */
import { createInterface } from 'node:readline';
import { END_SESSION, remoteScript } from './pty-signals.js';

interface Entry {
  podman: string;
  container: string;
  pid: number;
}

const live = new Map<string, Entry>();
const groups = new Set<number>();
const key = (e: Entry) => `${e.container}\0${e.pid}`;

function signalGroups(signal: NodeJS.Signals): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, signal);
    } catch {
      groups.delete(pgid);
    }
  }
}

async function endGroups(): Promise<void> {
  signalGroups('SIGTERM');
  if (groups.size === 0) return;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  signalGroups('SIGKILL');
}

// Detached in its own session; nothing but EOF should end it.
for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(signal, () => {});

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  try {
    const message = JSON.parse(line) as Entry & { op: 'add' | 'del' | 'add-group' | 'del-group'; pgid?: number };
    if (message.op === 'add-group' || message.op === 'del-group') {
      if (!Number.isInteger(message.pgid) || message.pgid! <= 1) return;
      if (message.op === 'add-group') groups.add(message.pgid!);
      else groups.delete(message.pgid!);
    } else if (message.op === 'add') live.set(key(message), message);
    else live.delete(key(message));
  } catch {
    // not ours: ignore
  }
});
lines.on('close', () => {
  void Promise.all([endGroups(), ...[...live.values()].map((e) => remoteScript(e.podman, e.container, END_SESSION, [String(e.pid), '5']))]).then(() => process.exit(0));
});
