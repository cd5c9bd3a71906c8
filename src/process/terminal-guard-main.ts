/**
 * The guard of container terminals, a small detached process. A shell started with
 * `podman exec -it` outlives the `podman exec` client: when the process that held the
 * terminals dies (even by SIGKILL), the client goes but the shell in the container stays.
 * The guard reads registrations on stdin, one JSON object a line
 * (`{"op":"add"|"del","podman","container","pid"}`); at EOF — its owner ended, however —
 * it ends the session of every shell still registered, then exits.
 */
import { createInterface } from 'node:readline';
import { END_SESSION, remoteScript } from './pty-signals.js';

interface Entry {
  podman: string;
  container: string;
  pid: number;
}

const live = new Map<string, Entry>();
const key = (e: Entry) => `${e.container}\0${e.pid}`;

// Detached in its own session; nothing but EOF should end it.
for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(signal, () => {});

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  try {
    const message = JSON.parse(line) as Entry & { op: 'add' | 'del' };
    if (message.op === 'add') live.set(key(message), message);
    else live.delete(key(message));
  } catch {
    // not ours: ignore
  }
});
lines.on('close', () => {
  void Promise.all([...live.values()].map((e) => remoteScript(e.podman, e.container, END_SESSION, [String(e.pid), '5']))).then(() => process.exit(0));
});
