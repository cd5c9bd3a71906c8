import { describe, expect, it } from 'vitest';
import { TargetResolver } from '../../../src/mcp/targets.js';
import { isTempfsError } from '../../../src/errors.js';
import { FakeSandbox } from './fake-sandbox.js';

describe('TargetResolver', () => {
  it('runs in the sandbox by default and says when it had to start it', async () => {
    const sandbox = new FakeSandbox();
    const targets = new TargetResolver(sandbox, false);
    expect(targets.defaultTarget).toBe('sandbox');
    expect(await targets.resolve(undefined)).toEqual({
      target: { kind: 'container', name: 'proj-box-1' },
      notice: 'the sandbox container proj-box-1 was not running: started it first',
    });
    expect(await targets.resolve('sandbox')).toEqual({ target: { kind: 'container', name: 'proj-box-1' } });
    expect(sandbox.calls).toEqual(['ensure', 'ensure']);
  });

  it('refuses the host without --allow-host, with a hint', async () => {
    const sandbox = new FakeSandbox({ running: true });
    const error = await new TargetResolver(sandbox, false).resolve('host').catch((e: unknown) => e);
    expect(isTempfsError(error, 'USAGE')).toBe(true);
    expect((error as Error).message).toContain('--allow-host');
    expect(sandbox.calls).toEqual([]);
  });

  it('allows the host with --allow-host', async () => {
    expect(await new TargetResolver(new FakeSandbox(), true).resolve('host')).toEqual({ target: { kind: 'host' } });
  });

  it('defaults to the host without a sandbox, and refuses "sandbox" then', async () => {
    const targets = new TargetResolver(null, true);
    expect(targets.defaultTarget).toBe('host');
    expect(await targets.resolve(undefined)).toEqual({ target: { kind: 'host' } });
    const error = await targets.resolve('sandbox').catch((e: unknown) => e);
    expect(isTempfsError(error, 'USAGE')).toBe(true);
  });
});
