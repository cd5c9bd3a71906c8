import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessManager } from '../../../src/process/index.js';
import { terminalBehaviour } from '../../helpers/terminal-suite.js';
import { allGone, isAlive } from './pids.js';

let manager: ProcessManager;
beforeAll(() => {
  manager = new ProcessManager({ graceMs: 500 });
});
afterAll(() => manager?.dispose());

describe('terminals on the host', () => {
  terminalBehaviour(() => ({ manager: () => manager, target: { kind: 'host' }, name: 'host' }));

  it('starts background processes in the terminal\'s cwd and destroy ends the shell, its children and them', async () => {
    await manager.create({ name: 'w', cwd: '/' });
    await manager.run({ terminalId: 'w', command: 'cd /tmp' });
    const a = manager.background({ terminalId: 'w', command: 'echo "$PWD"; sleep 300' });
    expect(await manager.wait({ processId: a.processId, pattern: '.+' })).toMatchObject({ match: '/tmp' });
    const inShell = await manager.run({ terminalId: 'w', command: 'sleep 302 & echo "pid $!"; sleep 301', timeout: 300 });
    const child = Number(/pid (\d+)/.exec(inShell.output)![1]);
    const shell = manager.terminalList().find((t) => t.terminalId === 'w')!.pid!;
    expect([a.pid!, child, shell].every(isAlive)).toBe(true);
    expect(await manager.destroy('w')).toBe(2);
    expect(await allGone([a.pid!, child, shell])).toBe(true);
    expect(() => manager.history('w')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('stops a command the shell runs itself (no process of its own to signal) with ctrl-c', async () => {
    await manager.create({ name: 'builtin' });
    const reader = await manager.run({ terminalId: 'builtin', command: 'read answer', timeout: 300 });
    expect(await manager.stop(reader.processId, { graceMs: 300 })).toMatchObject({ status: 'killed', exitCode: 130, signal: 'SIGINT' });
    expect((await manager.run({ terminalId: 'builtin', command: 'echo next' })).output).toBe('next');
  });

  it('rejects a second terminal with the same name', async () => {
    await manager.create({ name: 'x' });
    await expect(manager.create({ name: 'x' })).rejects.toMatchObject({ code: 'NAME_CONFLICT' });
  });

  it('shows the screen view: \\r overwrites applied, colours removed, raw kept', async () => {
    await manager.create({ name: 'screen' });
    const r = await manager.run({ terminalId: 'screen', command: 'printf "10%%\\r50%%\\r100%%\\n"; printf "\\033[31mred\\033[0m\\n"' });
    expect(r.output).toBe('100%\nred');
    expect(manager.raw('screen').raw).toContain('\x1b[31mred');
    expect(manager.raw('screen').raw).not.toContain('\x1b]6973;');
  });
});
