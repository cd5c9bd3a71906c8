/**
 * What a command leaves behind on the host is ended when it ends: a plain `&`, a
 * `setsid` child, a double fork (each found by its TEMPFS_JOB variable), and for a
 * background process after terminal_stop, a `setsid` child too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessManager } from '../../../src/process/index.js';
import { allGone, pidsIn } from './pids.js';

let manager: ProcessManager;
afterEach(() => manager?.dispose());

describe('leftovers on the host', () => {
  it('ends `&`, setsid and double-fork children when a one-shot command returns', async () => {
    manager = new ProcessManager();
    const r = await manager.execute({
      command: 'sleep 4242 & echo "pid $!"; setsid sleep 4243 & echo "pid $!"; (sleep 4244 & echo "pid $!") ; echo done',
    });
    expect(r).toMatchObject({ success: true, exitCode: 0 });
    const pids = pidsIn(r.output, 'pid');
    expect(pids).toHaveLength(3);
    expect(await allGone(pids)).toBe(true);
  });

  it('ends a setsid child of a background process on stop', async () => {
    manager = new ProcessManager({ graceMs: 500 });
    const { processId } = manager.background({ command: 'setsid sleep 4245 & echo "pid $!"; while :; do sleep 1; done' });
    const { match } = await manager.wait({ processId, pattern: 'pid \\d+' });
    await manager.stop(processId);
    expect(await allGone(pidsIn(match!, 'pid'))).toBe(true);
  });
});
