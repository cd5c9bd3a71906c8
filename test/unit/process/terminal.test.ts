import { afterEach, describe, expect, it } from 'vitest';
import { ProcessManager } from '../../../src/process/index.js';
import { allGone, isAlive } from './pids.js';

let manager: ProcessManager;
afterEach(() => manager?.dispose());

describe('named terminals', () => {
  it('keeps cd, export and unset between commands', async () => {
    manager = new ProcessManager();
    expect(manager.create({ name: 'dev', cwd: '/', env: { GONE: 'soon' } })).toMatchObject({ terminalId: 'dev', cwd: '/' });
    await manager.run({ terminalId: 'dev', command: 'cd /tmp && mkdir -p tempfs-term-test && cd tempfs-term-test' });
    await manager.run({ terminalId: 'dev', command: "export GREETING='hello there'; unset GONE" });
    const r = await manager.run({ terminalId: 'dev', command: 'pwd; echo "$GREETING"; echo "${GONE-unset}"' });
    expect(r).toMatchObject({ success: true, output: '/tmp/tempfs-term-test\nhello there\nunset', cwd: '/tmp/tempfs-term-test' });
    await manager.run({ terminalId: 'dev', command: 'cd .. && rmdir tempfs-term-test' });
  });

  it('keeps the state also when the command exits non-zero, and shows stderr', async () => {
    manager = new ProcessManager();
    manager.create({ name: 't', cwd: '/' });
    const r = await manager.run({ terminalId: 't', command: 'cd /usr; echo oops >&2; exit 7' });
    expect(r).toMatchObject({ success: false, exitCode: 7, output: 'oops', cwd: '/usr' });
    expect(manager.history('t')).toEqual([
      expect.objectContaining({ command: 'cd /usr; echo oops >&2; exit 7', output: 'oops', exitCode: 7, cwd: '/usr' }),
    ]);
  });

  it('starts background processes from the terminal state and destroy stops them', async () => {
    manager = new ProcessManager({ graceMs: 500 });
    manager.create({ name: 'w', cwd: '/' });
    await manager.run({ terminalId: 'w', command: 'cd /tmp; export MARK=42' });
    const a = manager.background({ terminalId: 'w', command: 'echo "$PWD $MARK"; sleep 300' });
    const b = manager.background({ terminalId: 'w', command: 'sleep 301' });
    manager.background({ command: 'true' });
    expect(await manager.wait({ processId: a.processId, pattern: '.+' })).toMatchObject({ match: '/tmp 42' });
    expect([a.pid!, b.pid!].every(isAlive)).toBe(true);
    expect(await manager.destroy('w')).toBe(2);
    expect(await allGone([a.pid!, b.pid!])).toBe(true);
    expect(() => manager.history('w')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('rejects a second terminal with the same name', () => {
    manager = new ProcessManager();
    manager.create({ name: 'x' });
    expect(() => manager.create({ name: 'x' })).toThrow(expect.objectContaining({ code: 'NAME_CONFLICT' }));
  });
});
