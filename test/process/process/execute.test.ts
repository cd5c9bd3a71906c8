import { afterEach, describe, expect, it } from 'vitest';
import { ProcessManager } from '../../../src/process/index.js';
import { allGone, isAlive, pidsIn } from './pids.js';

let manager: ProcessManager;
afterEach(() => manager?.dispose());

describe('execute', () => {
  it('returns output interleaved in order with the exit code', async () => {
    manager = new ProcessManager();
    const r = await manager.execute({ command: 'echo one; echo two >&2; sleep 0.05; echo three; exit 3' });
    expect(r).toMatchObject({ success: false, output: 'one\ntwo\nthree', exitCode: 3, timedOut: false });
  });

  it('uses cwd and adds env to the inherited environment', async () => {
    manager = new ProcessManager();
    const r = await manager.execute({ command: 'pwd; echo "$GREETING ${PATH:+has-path}"', cwd: '/tmp', env: { GREETING: 'hi' } });
    expect(r).toMatchObject({ success: true, output: '/tmp\nhi has-path' });
  });

  it('kills the whole tree on timeout, also a child that left the group', async () => {
    manager = new ProcessManager({ graceMs: 500 });
    const r = await manager.execute({
      command: 'sleep 300 & echo "pid $!"; setsid sleep 301 & echo "pid $!"; echo "pid $$"; wait',
      timeout: 1500, // long enough for all three to start on a busy machine
    });
    expect(r).toMatchObject({ success: false, timedOut: true, exitCode: 143, signal: 'SIGTERM' });
    const pids = pidsIn(r.output, 'pid');
    expect(pids).toHaveLength(3);
    expect(await allGone(pids)).toBe(true);
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    manager = new ProcessManager({ graceMs: 200 });
    const command = `trap '' TERM; sleep 300 & echo "pid $$ pid $!"; wait`;
    const { processId } = manager.background({ command });
    // Stop only once the trap is in place, or SIGTERM would simply work.
    const { match } = await manager.wait({ processId, pattern: 'pid \\d+ pid \\d+' });
    expect(await manager.stop(processId)).toMatchObject({ status: 'killed', signal: 'SIGKILL' });
    expect(await allGone(pidsIn(match!, 'pid'))).toBe(true);
  });

  it('stops on abort and reports it as cancelled, not as a failure of its own', async () => {
    manager = new ProcessManager();
    const controller = new AbortController();
    const pending = manager.execute({ command: 'echo "pid $$"; exec sleep 300', signal: controller.signal });
    setTimeout(() => controller.abort(), 1000);
    const r = await pending;
    expect(r).toMatchObject({ cancelled: true, timedOut: false, success: false });
    expect(isAlive(pidsIn(r.output, 'pid')[0]!)).toBe(false);
  });

  it('reports a start failure', async () => {
    manager = new ProcessManager();
    const r = await manager.execute({ command: 'true', cwd: '/no/such/dir' });
    expect(r.success).toBe(false);
    expect(r.output).toMatch(/ENOENT/);
  });

  it('refuses work after dispose', async () => {
    manager = new ProcessManager();
    await manager.dispose();
    await expect(async () => manager.execute({ command: 'true' })).rejects.toMatchObject({ code: 'PROCESS' });
  });
});
