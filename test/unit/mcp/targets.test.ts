import { describe, expect, it } from 'vitest';
import { TargetResolver } from '../../../src/mcp/targets.js';
import { isTempfsError, TempfsError } from '../../../src/errors.js';
import type { Sandboxes } from '../../../src/mcp/sandboxes.js';
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

  it('takes the containerId of one of this server\'s sandboxes, and the recipe sandbox\'s name as "sandbox"', async () => {
    const sandboxes = { use: (id: string) => { if (id !== 'mcp-1-box1-1') throw new TempfsError('NOT_FOUND', `containerId ${id} is not a sandbox of this server`); return id; } } as unknown as Sandboxes;
    const targets = new TargetResolver(new FakeSandbox({ running: true }), false, sandboxes);
    expect(await targets.resolve('mcp-1-box1-1')).toEqual({ target: { kind: 'container', name: 'mcp-1-box1-1' } });
    expect(await targets.resolve('proj-box-1')).toEqual({ target: { kind: 'container', name: 'proj-box-1' } });
    const error = await targets.resolve('someone-elses').catch((e: unknown) => e);
    expect(isTempfsError(error, 'NOT_FOUND')).toBe(true);
  });

  it('without a recipe and without --allow-host, points the agent to container_start', async () => {
    const error = await new TargetResolver(null, false).resolve(undefined).catch((e: unknown) => e);
    expect((error as TempfsError).hint).toMatch(/container_start/);
  });
});
