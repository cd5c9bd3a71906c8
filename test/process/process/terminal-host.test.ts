/**
 * The per-project terminal host as real processes: started by the first client (once, if
 * two race), what a client holds ends with its connection unless detached, a detached
 * terminal keeps its shell and hands back what it missed, its TTL ends it, a SIGKILL of
 * the host leaves no shell or background process behind and the next host reports what was
 * lost, and `tempfs down`'s call ends everything. Needs `npm run build` (the host runs from dist/).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { connectHost, endTerminalHost, HostClient, hostStatePath, RpcClient, type RunResult, type TerminalInfo } from '../../../src/process/index.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { typeInto } from '../../helpers/terminal-host.js';
import { isAlive } from './pids.js';

const clients: HostClient[] = [];
const sockets: string[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await Promise.all(sockets.splice(0).map((s) => endTerminalHost(s)));
});

function newSocket(): string {
  const path = join(tempDir('tempfs-host-'), 'terminals', 'proj.sock');
  sockets.push(path);
  return path;
}

function client(socketPath: string): HostClient {
  const c = new HostClient({ socketPath, idleGraceMs: 300 });
  clients.push(c);
  return c;
}

/** A client that dies as a SIGKILLed `tempfs mcp` would: its socket just closes. */
async function rawClient(socketPath: string): Promise<{ rpc: RpcClient; die: () => void }> {
  const starter = client(socketPath);
  await starter.list(); // starts the host if needed
  const socket = (await connectHost(socketPath))!;
  await starter.dispose();
  return { rpc: new RpcClient(socket), die: () => socket.destroy() };
}

/** Pids of terminal hosts serving this socket. */
function hostPids(socketPath: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return argv.includes('terminal-host-main') && argv.includes(socketPath);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter(isAlive);
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${ms} ms: ${what}`);
    await sleep(25);
  }
}

const gone = (pids: number[]) => until(`pids ${pids.join(' ')} gone`, () => !pids.some(isAlive));

describe('the terminal host', () => {
  it('is started once by two racing clients; what a client holds is its own and ends when its connection closes', async () => {
    const socketPath = newSocket();
    const [a, b] = [client(socketPath), client(socketPath)];
    await Promise.all([a.list(), b.list()]);
    // The one that lost the race exits by itself; both clients talk to the same host.
    await until('one host is left', () => hostPids(socketPath).length === 1);
    await a.create({ name: 'mine' });
    await expect(b.create({ name: 'mine' })).rejects.toThrow(/terminal mine already exists \(another client of this project holds it\)/);

    const dying = await rawClient(socketPath);
    const shell = (await dying.rpc.call<TerminalInfo>('create', [{ name: 'main' }])).pid!;
    const bg = (await dying.rpc.call<{ pid: number }>('background', [{ command: 'sleep 300', name: 'bg' }])).pid;
    expect([isAlive(shell), isAlive(bg)]).toEqual([true, true]);
    expect(await b.terminalList()).toEqual([]);
    expect(await b.list()).toEqual([]);
    await expect(b.run({ terminalId: 'main', command: 'true' })).rejects.toThrow(/belongs to another client/);

    dying.die();
    await gone([shell, bg]);
    expect((await b.create({ name: 'main' })).terminalId).toBe('main');
  });

  it('keeps a detached terminal with its shell state, hands back what it missed, and ends it when its TTL runs out', async () => {
    const socketPath = newSocket();
    const first = await rawClient(socketPath);
    const shell = (await first.rpc.call<TerminalInfo>('create', [{ name: 'keep' }])).pid!;
    await first.rpc.call('run', [{ terminalId: 'keep', command: 'X=kept-value' }]);
    const left = await first.rpc.call<RunResult>('run', [{ terminalId: 'keep', command: 'read -t 30 go; echo "missed-$go"', timeout: 100 }]);
    expect(left.status).toBe('running');
    await first.rpc.call('detach', ['keep', 60_000]);
    first.die();

    const second = client(socketPath);
    await until('the first client is gone', async () => (await second.terminalList()).some((t) => t.detached !== undefined));
    const [listed] = await second.terminalList();
    expect(listed!.detached!.remainingMs).toBeGreaterThan(50_000);
    await expect(second.run({ terminalId: 'keep', command: 'true' })).rejects.toThrow(/detached/);

    // A person types while nobody holds it; the shell's answer is what the next holder missed.
    await typeInto(socketPath, 'keep', 'line\r', 'missed-line');
    await until('the command ended (its prompt came back)', async () => !(await second.terminalList())[0]!.busy);

    const back = await second.reattach('keep');
    expect(back.missed).toContain('missed-line');
    expect(back.detachedMs).toBeGreaterThan(0);
    expect((await second.run({ terminalId: 'keep', command: 'echo "$X"' })).output).toBe('kept-value');

    await second.detach('keep', 300);
    await second.dispose();
    await gone([shell]);
    await until('the idle host exited', () => hostPids(socketPath).length === 0);
    expect(existsSync(hostStatePath(socketPath))).toBe(false);
  });

  it('a SIGKILL of the host leaves no shell or background process, and the next host reports the lost terminal with its history', async () => {
    const socketPath = newSocket();
    const a = client(socketPath);
    const shell = (await a.create({ name: 'doomed' })).pid!;
    await a.run({ terminalId: 'doomed', command: 'echo before-kill' });
    const bg = await a.background({ command: 'sleep 300 & echo "child $!"; wait', name: 'tree' });
    const found = await a.wait({ processId: bg.processId, pattern: 'child \\d+' });
    const child = Number(found.match!.split(' ')[1]);
    const inTerminal = await a.run({ terminalId: 'doomed', command: 'sleep 301 & echo "job $!"', timeout: 5000 });
    const job = Number(/job (\d+)/.exec(inTerminal.output)![1]);
    await until('the state file records the terminal', () => existsSync(hostStatePath(socketPath)) && readFileSync(hostStatePath(socketPath), 'utf8').includes('before-kill'));

    const [host] = hostPids(socketPath);
    process.kill(host!, 'SIGKILL');
    await gone([shell, bg.pid!, child, job]);

    const lost = await a.lost();
    expect(lost.map((t) => t.terminalId)).toEqual(['doomed']);
    expect((await a.history('doomed')).map((e) => e.command)).toContain('echo before-kill');
    expect(hostPids(socketPath)).toHaveLength(1);
  });

  it('carries a cancel and progress lines across the socket', async () => {
    const socketPath = newSocket();
    const a = client(socketPath);
    const controller = new AbortController();
    const cancelled = await a.execute({ command: 'echo started; sleep 30', signal: controller.signal, onLine: () => controller.abort() });
    expect([cancelled.cancelled, cancelled.output]).toEqual([true, 'started']);
    await a.create({ name: 'p' });
    const lines: string[] = [];
    const ran = await a.run({ terminalId: 'p', command: 'for i in 1 2 3; do echo "line $i"; sleep 0.3; done', onLine: (line) => lines.push(line) });
    expect(ran.output).toBe('line 1\nline 2\nline 3');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => /^line [123]$/.test(l))).toBe(true);
  });

  it('`tempfs down`\'s call ends every terminal, detached ones too, and the host exits with its files', async () => {
    const socketPath = newSocket();
    const a = client(socketPath);
    const shell = (await a.create({ name: 't' })).pid!;
    await a.detach('t');
    expect(await endTerminalHost(socketPath)).toBe(true);
    await gone([shell]);
    await until('the host exited', () => hostPids(socketPath).length === 0);
    expect([existsSync(socketPath), existsSync(hostStatePath(socketPath))]).toEqual([false, false]);
    expect(await endTerminalHost(socketPath)).toBe(false);
  });
});
