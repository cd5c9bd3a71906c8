import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTempfsError } from '../../../src/errors.js';
import type { YamlCommandSpec } from '../../../src/recipe/model.js';
import { builtinCommands } from '../../../src/repl/builtins/index.js';
import { buildRegistry } from '../../../src/repl/registry.js';
import { yamlArgv } from '../../../src/repl/yaml-command.js';
import { fakeContainer, recordingContext } from './fakes.js';

const fixtures = fileURLToPath(new URL('../../fixtures/commands/', import.meta.url));
const folder = (name: string) => `${fixtures}${name}`;

const sources = (roles: string[], folders: string[] = [], yamlCommands: YamlCommandSpec[] = []) => ({
  roles,
  builtins: builtinCommands(),
  folders,
  yamlCommands,
  yamlSource: '/p/tempfs.yaml',
});

const names = (r: { commands: { name: string }[] }) => r.commands.map((c) => c.name);

describe('buildRegistry', () => {
  it('offers exactly the commands whose roles intersect the container roles', async () => {
    expect(names(await buildRegistry(sources(['base'])))).toEqual(['bash', 'clear', 'exit', 'help', 'bg', 'jobs', 'logs', 'stop', 'wait']);
    expect(names(await buildRegistry(sources(['ping'])))).toEqual(['ping']);
    expect(names(await buildRegistry(sources(['base', 'llama'])))).toEqual([
      'bash', 'clear', 'exit', 'help', 'bg', 'jobs', 'logs', 'stop', 'wait', 'chat', '/reset', 'complete', 'models', 'health',
    ]);
    expect(names(await buildRegistry(sources([])))).toEqual([]);
  });

  it('loads modules from folders, filters them by role, ignores non-module files', async () => {
    const base = await buildRegistry(sources(['base'], [folder('good')]));
    expect(names(base)).toEqual(['bash', 'clear', 'exit', 'help', 'bg', 'jobs', 'logs', 'stop', 'wait', 'hello']);
    expect(base.problems).toEqual([]);
    const llama = await buildRegistry(sources(['llama'], [folder('good')]));
    expect(names(llama)).toContain('tokens');
    expect(names(llama)).not.toContain('hello');
  });

  it('finds commands by name and by alias', async () => {
    const r = await buildRegistry(sources(['base'], [folder('good')]));
    expect(r.find('hi')?.name).toBe('hello');
    expect(r.find('quit')?.name).toBe('exit');
    expect(r.find('nope')).toBeUndefined();
    expect(r.words()).toEqual(expect.arrayContaining(['hello', 'hi', 'help', '?']));
  });

  it('runs a loaded module with its context', async () => {
    const r = await buildRegistry(sources(['base'], [folder('good')]));
    const box = fakeContainer((argv) => ({ stdout: `${argv[1]}\n` }));
    const out = await r.find('hello')!.execute(['tempfs'], recordingContext(box));
    expect(out).toBe('hello tempfs');
    expect(box.calls[0]!.argv).toEqual(['echo', 'hello tempfs']);
  });

  it('reports bad modules with path and reason, and keeps the good one', async () => {
    const r = await buildRegistry(sources(['base'], [folder('bad'), folder('missing')]));
    expect(names(r)).toContain('fine');
    const byFile = Object.fromEntries(r.problems.map((p) => [p.path.slice(fixtures.length), p.reason]));
    expect(Object.keys(byFile).sort()).toEqual([
      'bad/fails-to-load.mjs', 'bad/no-default.mjs', 'bad/no-execute.mjs', 'bad/syntax-error.mjs', 'missing',
    ]);
    expect(byFile['bad/fails-to-load.mjs']).toMatch(/^failed to load: .*boom at import/);
    expect(byFile['bad/no-default.mjs']).toBe('the default export must be a command object, got nothing (no default export)');
    expect(byFile['bad/no-execute.mjs']).toBe('`roles` must be a non-empty array of strings; `execute` must be a function');
    expect(byFile['bad/syntax-error.mjs']).toMatch(/^failed to load: /);
    expect(byFile['missing']).toMatch(/^cannot read the folder: .*ENOENT/);
  });

  it('rejects a name or alias offered twice, naming both files', async () => {
    const error = await buildRegistry(sources(['base'], [folder('dup')])).catch((e: unknown) => e);
    expect(isTempfsError(error, 'RECIPE_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      `command "st" is defined twice: by "stats" in ${folder('dup')}/first.mjs and by "status" in ${folder('dup')}/second.mjs`,
    );
  });

  it('rejects a custom command that takes a built-in name, but not one the roles filter out', async () => {
    const clash = [{ name: 'help', aliases: [], description: 'mine', roles: ['base'], run: ['true'] }];
    const error = await buildRegistry(sources(['base'], [], clash)).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'command "help" is defined twice: by "help" in built-in and by "help" in /p/tempfs.yaml (commands: help)',
    );
    expect(names(await buildRegistry(sources(['ping'], [], clash)))).toEqual(['ping']);
  });

  it('runs YAML commands in the container with the arguments appended', async () => {
    const yaml = [{ name: 'disk', aliases: ['df'], description: 'disk usage', roles: ['base'], run: ['df', '-h'] }];
    const r = await buildRegistry(sources(['base'], [], yaml));
    const box = fakeContainer(() => ({ stdout: 'Filesystem\n', stderr: 'warn\n', exitCode: 3 }));
    const ctx = recordingContext(box);
    await r.find('df')!.execute(['/tmp'], ctx);
    expect(box.calls[0]!.argv).toEqual(['df', '-h', '/tmp']);
    expect(box.calls[0]!.options?.signal).toBe(ctx.signal);
    expect(ctx.text()).toBe('Filesystem\nwarn\nexit code 3\n');
  });
});

describe('yamlArgv', () => {
  it('appends the words to an argv, or to a shell line as "$@"', () => {
    expect(yamlArgv(['df', '-h'], ['/tmp'])).toEqual(['df', '-h', '/tmp']);
    expect(yamlArgv(['uptime'], [])).toEqual(['uptime']);
    expect(yamlArgv(['ls -1 | head -n 3'], ['/etc'])).toEqual(['sh', '-c', 'ls -1 | head -n 3 "$@"', 'sh', '/etc']);
  });
});
