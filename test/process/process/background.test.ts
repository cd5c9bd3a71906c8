import { afterEach, describe, expect, it } from 'vitest';
import { ProcessManager } from '../../../src/process/index.js';
import { allGone, fixture, isAlive, pidsIn } from './pids.js';

let manager: ProcessManager;
afterEach(() => manager?.dispose());

describe('background', () => {
  it('waits for a node HTTP server to be ready, then stops it with its child', async () => {
    manager = new ProcessManager({ graceMs: 1000 });
    const started = manager.background({ command: `node ${fixture('http-server.mjs')}`, name: 'Web Server' });
    expect(started).toMatchObject({ processId: 'web-server', status: 'running' });
    const ready = await manager.wait({ processId: 'web-server', pattern: 'listening on (\\S+)', timeout: 10_000 });
    expect(ready.found).toBe(true);
    const url = /listening on (\S+)/.exec(ready.match!)![1]!;
    expect(await (await fetch(url)).text()).toBe('ok\n');

    const child = pidsIn(manager.logs({ processId: 'web-server' }).logs.map((l) => l.text).join('\n'), 'child');
    const pids = [started.pid!, ...child];
    expect(pids.every(isAlive)).toBe(true);
    const info = await manager.stop('web-server');
    expect(info).toMatchObject({ status: 'killed', signal: 'SIGTERM' });
    expect(await allGone(pids)).toBe(true);
  });

  it('runs 50 processes at once and keeps each one output in order', async () => {
    manager = new ProcessManager();
    const ids = Array.from({ length: 50 }, (_, i) =>
      manager.background({ command: `for n in $(seq 1 20); do echo "${i}:$n"; done; echo done` }).processId,
    );
    expect(new Set(ids).size).toBe(50);
    expect(manager.list()).toHaveLength(50);
    const waits = await Promise.all(ids.map((processId) => manager.wait({ processId, pattern: '^done$', timeout: 20_000 })));
    expect(waits.every((w) => w.found)).toBe(true);
    ids.forEach((processId, i) => {
      const lines = manager.logs({ processId, lines: 100 }).logs.map((l) => l.text);
      expect(lines).toEqual([...Array.from({ length: 20 }, (_, n) => `${i}:${n + 1}`), 'done']);
    });
  });

  it('keeps 1000 lines of a process that printed 100k, with a working cursor', async () => {
    manager = new ProcessManager();
    const { processId } = manager.background({ command: 'seq 1 100000; echo end' });
    expect((await manager.wait({ processId, pattern: '^end$', timeout: 20_000 })).found).toBe(true);
    const all = manager.logs({ processId, lines: 5000 });
    expect(all.lineCount).toBe(1000);
    expect(all.logs[0]!.text).toBe('99002');
    expect(all.cursor).toBe(100001);
    const old = manager.logs({ processId, since: 10, lines: 2 });
    expect(old).toMatchObject({ dropped: 98991, cursor: 99003 });
    expect(old.logs.map((l) => l.text)).toEqual(['99002', '99003']);
    expect(manager.logs({ processId, since: all.cursor })).toMatchObject({ lineCount: 0, cursor: 100001 });
  });

  it('sends input to a process that reads stdin, and closes it', async () => {
    manager = new ProcessManager();
    const { processId } = manager.background({ command: `node ${fixture('echo-stdin.mjs')}` });
    expect((await manager.wait({ processId, pattern: 'waiting' })).found).toBe(true);
    await manager.input({ processId, input: 'hello world\n' });
    expect(await manager.wait({ processId, pattern: 'got: .*' })).toMatchObject({ found: true, match: 'got: hello world' });
    await manager.input({ processId, input: 'last\n', end: true });
    expect((await manager.wait({ processId, pattern: '^bye$' })).found).toBe(true);
    await expect(manager.input({ processId, input: 'more' })).rejects.toMatchObject({ code: 'PROCESS' });
  });

  it('reports status with exit code and uptime from the injected clock', async () => {
    let clock = 1000;
    manager = new ProcessManager({ now: () => clock });
    const { processId } = manager.background({ command: 'read x; exit 4' });
    clock = 3500;
    expect(manager.status(processId)).toMatchObject({ status: 'running', uptimeSec: 2.5 });
    await manager.input({ processId, input: '\n' });
    expect((await manager.wait({ processId, pattern: 'never' })).found).toBe(false);
    clock = 9000;
    expect(manager.status(processId)).toMatchObject({ status: 'exited', exitCode: 4, restarts: 0, uptimeSec: 2.5 });
    expect(() => manager.status('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('dispose stops every process and its children', async () => {
    manager = new ProcessManager({ graceMs: 500 });
    const started = [1, 2, 3].map(() => manager.background({ command: 'sleep 300 & echo "pid $!"; sleep 301' }));
    const waits = await Promise.all(started.map((s) => manager.wait({ processId: s.processId, pattern: 'pid \\d+' })));
    const pids = [...started.map((s) => s.pid!), ...waits.flatMap((w) => pidsIn(w.match!, 'pid'))];
    expect(pids.every(isAlive)).toBe(true);
    await manager.dispose();
    expect(await allGone(pids)).toBe(true);
    expect(manager.list().map((p) => p.status)).toEqual(['killed', 'killed', 'killed']);
  });

  it('what an exited command left running in its group ends with it', async () => {
    manager = new ProcessManager();
    const { processId } = manager.background({ command: 'sleep 300 & echo "pid $!"' });
    const { match } = await manager.wait({ processId, pattern: 'pid \\d+' });
    expect(await manager.wait({ processId, pattern: 'never' })).toMatchObject({ found: false });
    expect(manager.status(processId)).toMatchObject({ status: 'exited', exitCode: 0 });
    const [orphan] = pidsIn(match!, 'pid');
    expect(await allGone([orphan!])).toBe(true);
  });
});
