import { describe, expect, it } from 'vitest';
import { shutdown } from '../../../src/mcp/shutdown.js';
import { ProcessManager } from '../../../src/process/index.js';
import { FakeSandbox } from '../../unit/mcp/fake-sandbox.js';

describe('shutdown', () => {
  it('stops every process and removes a sandbox this server started', async () => {
    const manager = new ProcessManager({ graceMs: 500 });
    const { processId } = manager.background({ command: 'sleep 30' });
    const sandbox = new FakeSandbox();
    await sandbox.ensure();
    const lines: string[] = [];
    expect(await shutdown({ manager, sandbox, log: (l) => lines.push(l) })).toBe(true);
    expect(manager.status(processId).status).toBe('killed');
    expect(sandbox.calls).toEqual(['ensure', 'stop']);
    expect(lines).toEqual(['removing the sandbox box (started by this server)']);
  });

  it('leaves a sandbox that was already running', async () => {
    const sandbox = new FakeSandbox({ running: true });
    await sandbox.ensure();
    expect(await shutdown({ manager: new ProcessManager(), sandbox, log: () => {} })).toBe(true);
    expect(sandbox.calls).toEqual(['ensure']);
  });

  it('gives up on a step that hangs, after the bound, and says so', async () => {
    const sandbox = new FakeSandbox({ stop: () => new Promise(() => {}) });
    await sandbox.ensure();
    const lines: string[] = [];
    expect(await shutdown({ manager: new ProcessManager(), sandbox, log: (l) => lines.push(l), boundMs: 100 })).toBe(false);
    expect(lines.at(-1)).toBe('shutdown did not finish within 0.1s; giving up');
  });
});
