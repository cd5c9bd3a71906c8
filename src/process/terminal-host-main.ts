/**
 * The per-project terminal host, a small detached process (started by host-client.ts):
 * it holds the project's terminals and background processes so that they outlive a
 * `tempfs mcp` that detached them. argv[2] is its settings as JSON (`HostSettings`).
 *
 * - One per project: it first binds an abstract Unix socket named after its socket path,
 *   which the kernel frees when it dies, however; a second host finds it taken and exits.
 * - It serves `<state>/terminals/<project>.sock` (host-server.ts).
 * - Its state (terminals, history, detached TTLs, processes) goes to the JSON file next to
 *   the socket on each change (debounced); a host that finds that file from a host that
 *   died reports those terminals as lost, with their history. A clean exit removes it.
 * - It exits once no client is connected and it holds nothing (after `idleGraceMs`), on
 *   `shutdown` (`tempfs down`), and on SIGTERM/SIGINT/SIGHUP, ending everything first.
 * - Should it die by SIGKILL: its PTY shells get SIGHUP from the kernel, and its guard
 *   (terminal-guard-main.ts) ends its container shells and its processes' groups.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { dirname } from 'node:path';
import { readJson, writePrivateJson } from '../shared/json-file.js';
import { serveConnection } from './host-server.js';
import { ProcessManager } from './manager.js';
import { TerminalHost } from './terminal-host.js';
import type { HistoryEntry, LostTerminal, TerminalInfo, TerminalListing } from './types.js';

export interface HostSettings {
  socket: string;
  state: string;
  podmanPath: string;
  /** Milliseconds with no client and nothing held before the host exits. */
  idleGraceMs: number;
}

/** What the state file holds. */
export interface HostStateFile {
  pid: number;
  socket: string;
  updatedAt: number;
  terminals: (TerminalListing & { history: HistoryEntry[] })[];
  processes: unknown[];
  lost: LostTerminal[];
}

const STATE_DEBOUNCE_MS = 200;
/** What a person types while attached changes the history with no call to the host: looked at this often. */
const STATE_POLL_MS = 1000;
/** The state file keeps the newest history entries of each terminal, each output's tail. */
const STATE_HISTORY = { entries: 100, outputChars: 4096 };

const settings = JSON.parse(process.argv[2] ?? '{}') as HostSettings;
const log = (line: string) => process.stderr.write(`${new Date().toISOString()} terminal host ${process.pid}: ${line}\n`);

async function main(): Promise<void> {
  if (!(await takeLock(settings.socket))) {
    log('another terminal host serves this project: exiting');
    process.exit(0);
  }
  const lost = await lostTerminals(settings.state);
  const manager = new ProcessManager({ podmanPath: settings.podmanPath, guardProcesses: true });
  let idleTimer: NodeJS.Timeout | undefined;
  let stateTimer: NodeJS.Timeout | undefined;
  let exiting = false;
  let writing: Promise<void> = Promise.resolve();

  const writeState = () => {
    stateTimer = undefined;
    writing = writing.then(writeStateNow);
  };
  const writeStateNow = async () => {
    if (exiting) return;
    const listing = await session.terminalList();
    const terminals = listing.map((t) => ({
      ...t,
      history: manager.history(t.terminalId).slice(-STATE_HISTORY.entries).map((e) => ({ ...e, output: e.output.slice(-STATE_HISTORY.outputChars) })),
    }));
    const file: HostStateFile = { pid: process.pid, socket: settings.socket, updatedAt: Date.now(), terminals, processes: manager.list(), lost };
    await writePrivateJson(settings.state, file).catch((error: unknown) => log(`cannot write ${settings.state}: ${(error as Error).message}`));
  };
  const host: TerminalHost = new TerminalHost({
    manager,
    lost,
    onChange: () => {
      stateTimer ??= setTimeout(writeState, STATE_DEBOUNCE_MS);
      clearTimeout(idleTimer);
      idleTimer = undefined;
    },
    onIdle: () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        if (host.idle) void exit('idle: no client and nothing held');
      }, settings.idleGraceMs);
    },
  });
  // The host's own view for the state file: every terminal, whoever holds it.
  const session = { terminalList: async () => manager.terminalList().map((t) => withDetached(host, t)) };

  const exit = async (why: string) => {
    if (exiting) return;
    exiting = true;
    log(`exiting: ${why}`);
    clearTimeout(stateTimer);
    server.close();
    await host.endAll().catch(() => {});
    await writing;
    await rm(settings.socket, { force: true });
    await rm(settings.state, { force: true });
    process.exit(0);
  };

  await mkdir(dirname(settings.socket), { recursive: true, mode: 0o700 });
  await rm(settings.socket, { force: true });
  const server: Server = createServer((socket) =>
    serveConnection(socket, host, {
      shutdown: async () => {
        await host.endAll();
        setImmediate(() => void exit('`tempfs down` of the project'));
      },
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.socket, () => resolve());
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void exit(signal));
  let seen = '';
  setInterval(() => {
    const now = manager.terminalList().map((t) => `${t.terminalId}:${t.commands}:${t.busy}:${t.alive}`).join(' ');
    if (now !== seen) host.changed();
    seen = now;
  }, STATE_POLL_MS).unref();
  log(`serving ${settings.socket}${lost.length ? `; ${lost.length} terminal(s) of a host that died are reported as lost` : ''}`);
  if (lost.length) writeState();
  // Nobody may connect at all (the starter died): the idle rule applies from the start.
  host.changed();
}

function withDetached(host: TerminalHost, t: TerminalInfo): TerminalListing {
  const d = host.ownership.detached(t.terminalId);
  return d ? { ...t, detached: { detachedAt: d.detachedAt, expiresAt: d.expiresAt, remainingMs: d.remainingMs } } : t;
}

/** One host per socket path: an abstract socket the kernel frees at our death is the lock. */
function takeLock(socketPath: string): Promise<boolean> {
  const name = `\0tempfs-terminal-host-${createHash('sha256').update(socketPath).digest('hex').slice(0, 32)}`;
  const lock = createServer();
  return new Promise((resolve, reject) => {
    lock.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    lock.listen(name, () => resolve(true));
  });
}

/** The terminals of a host that died without cleaning up (its state file is still there). */
async function lostTerminals(statePath: string): Promise<LostTerminal[]> {
  const previous = await readJson<HostStateFile>(statePath);
  if (!previous || previous.pid === process.pid) return [];
  const earlier = previous.lost ?? [];
  const now = (previous.terminals ?? []).map((t) => ({ terminalId: t.terminalId, target: t.target, cwd: t.cwd, history: t.history ?? [], lastSeenAt: previous.updatedAt }));
  return [...earlier, ...now].slice(-50);
}

main().catch((error: unknown) => {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
