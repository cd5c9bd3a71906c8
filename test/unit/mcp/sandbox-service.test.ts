import { describe, expect, it } from 'vitest';
import { sandboxService } from '../../../src/commands/mcp/sandbox-service.js';
import { isTempfsError } from '../../../src/errors.js';
import { container, project } from '../../helpers/project.js';

describe('sandboxService', () => {
  const two = project('p', [container('web'), container('sandbox', { roles: ['base'] })]);

  it('takes --container when the recipe has it', () => {
    expect(sandboxService(two, 'web')).toBe('web');
  });

  it('names the nearest container for a typo', () => {
    expect(() => sandboxService(two, 'sandbx')).toThrow('--container sandbx: the recipe has no container "sandbx" (did you mean "sandbox"?)');
  });

  it('defaults to terminal:, else the only container, else the base one', () => {
    expect(sandboxService({ ...two, terminal: 'web' }, undefined)).toBe('web');
    expect(sandboxService(project('p', [container('only')]), undefined)).toBe('only');
    expect(sandboxService(two, undefined)).toBe('sandbox');
  });

  it('asks for --container when nothing decides', () => {
    let error: unknown;
    try {
      sandboxService(project('p', [container('a'), container('b')]), undefined);
    } catch (e) {
      error = e;
    }
    expect(isTempfsError(error, 'USAGE')).toBe(true);
    expect((error as Error).message).toBe('name the sandbox container: tempfs mcp --container <a|b>');
  });
});
