import { afterEach, describe, expect, it } from 'vitest';
import { ProcessManager } from '../../../src/process/index.js';

let manager: ProcessManager;
afterEach(() => manager?.dispose());

const ended = (m: ProcessManager, processId: string) => m.wait({ processId, pattern: 'no such line', timeout: 10_000 });

describe('auto-restart', () => {
  it('restarts on failure up to the limit, in the same log', async () => {
    manager = new ProcessManager();
    const { processId } = manager.background({ command: 'echo run; exit 1', restart: 'on-failure', maxRestarts: 2, backoffMs: 10 });
    await ended(manager, processId);
    expect(manager.status(processId)).toMatchObject({ status: 'exited', exitCode: 1, restarts: 2 });
    expect(manager.logs({ processId }).logs.map((l) => l.text)).toEqual(['run', 'run', 'run']);
  });

  it('does not restart a clean exit on-failure, but does with always', async () => {
    manager = new ProcessManager();
    const once = manager.background({ command: 'echo ok', restart: 'on-failure', backoffMs: 10 });
    const always = manager.background({ command: 'echo ok', restart: 'always', maxRestarts: 1, backoffMs: 10 });
    await Promise.all([ended(manager, once.processId), ended(manager, always.processId)]);
    expect(manager.status(once.processId).restarts).toBe(0);
    expect(manager.status(always.processId).restarts).toBe(1);
  });

  it('a stop during the backoff ends it without another start', async () => {
    manager = new ProcessManager();
    const { processId } = manager.background({ command: 'exit 1', restart: 'on-failure', backoffMs: 60_000 });
    await manager.wait({ processId, pattern: 'x', timeout: 300 });
    await manager.stop(processId);
    expect(manager.status(processId)).toMatchObject({ restarts: 0, exitCode: 1 });
  });
});

describe('wait', () => {
  it('finds a line printed before the call, or after a cursor only', async () => {
    manager = new ProcessManager();
    const { processId } = manager.background({ command: 'echo ready 1; echo ready 2; sleep 300' });
    await manager.wait({ processId, pattern: 'ready 2' });
    expect(await manager.wait({ processId, pattern: 'ready \\d' })).toMatchObject({ found: true, match: 'ready 1', seq: 1 });
    expect(await manager.wait({ processId, pattern: 'ready \\d', since: 1 })).toMatchObject({ match: 'ready 2' });
  });

  it('gives up at the deadline, and at once when the process ended without a match', async () => {
    manager = new ProcessManager();
    const slow = manager.background({ command: 'sleep 300' });
    expect(await manager.wait({ processId: slow.processId, pattern: 'x', timeout: 150 })).toMatchObject({ found: false });
    const quick = manager.background({ command: 'echo nothing' });
    // A 60 s deadline would outlast the test's own timeout: it must return at the end.
    expect(await manager.wait({ processId: quick.processId, pattern: 'x', timeout: 60_000 })).toMatchObject({ found: false });
  });

  it('returns found: false when the caller aborts', async () => {
    manager = new ProcessManager();
    const { processId } = manager.background({ command: 'sleep 300' });
    const r = await manager.wait({ processId, pattern: 'x', timeout: 60_000, signal: AbortSignal.timeout(100) });
    expect(r.found).toBe(false);
  });

  it('rejects an invalid pattern', () => {
    manager = new ProcessManager();
    const { processId } = manager.background({ command: 'true' });
    expect(() => manager.wait({ processId, pattern: '(' })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
