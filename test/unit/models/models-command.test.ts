import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/commands/context.js';
import { modelsCommand } from '../../../src/commands/models.js';
import type { TempfsEvent } from '../../../src/events.js';
import type { Project } from '../../../src/recipe/model.js';
import { project as makeProject } from '../../helpers/project.js';
import { startFaultServer, type FaultServer } from '../../helpers/http-fault-server.js';
import { content, sha256, spec, tempCache } from './fixtures.js';

const body = content(4096);
let server: FaultServer;
let cache: Awaited<ReturnType<typeof tempCache>>;
let project: Project;

beforeEach(async () => {
  server = await startFaultServer({ files: { '/q.gguf': { body } } });
  cache = await tempCache();
  project = { ...makeProject('models-cmd', []), models: { qwen: spec(server.url('/q.gguf'), sha256(body), 'qwen') } };
});
afterEach(async () => {
  await server.close();
  await cache.cleanup();
});

function context() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (c) => (text.out += String(c)));
  stderr.on('data', (c) => (text.err += String(c)));
  const events: TempfsEvent[] = [];
  const ctx = {
    cwd: '/',
    env: { TEMPFS_MODELS_DIR: cache.dir },
    stdout,
    stderr,
    signal: new AbortController().signal,
    events: (e: TempfsEvent) => events.push(e),
  } as unknown as CommandContext;
  return { ctx, text, events };
}

describe('tempfs models', () => {
  it('path before pull prints where it will go and exits 1; pull fetches; path then exits 0', async () => {
    const c = context();
    expect(await modelsCommand(c.ctx, project, 'path', ['qwen'], {})).toBe(1);
    const path = c.text.out.trim();
    expect(path).toBe(`${cache.dir}/sha256/${sha256(body)}/qwen.gguf`);
    expect(c.text.err).toMatch(/not downloaded yet/);

    const p = context();
    expect(await modelsCommand(p.ctx, project, 'pull', [], {})).toBe(0);
    expect(p.text.out).toBe(`qwen: ${path} (downloaded, 4.0 KiB)\n`);
    expect(p.events.at(-1)).toMatchObject({ type: 'model', model: 'qwen', status: 'done' });
    expect(await modelsCommand(context().ctx, project, 'path', ['qwen'], {})).toBe(0);
  });

  it('ls shows recipe models, cached or missing, as a table and as JSON', async () => {
    const before = context();
    await modelsCommand(before.ctx, project, 'ls', [], { json: true });
    expect(JSON.parse(before.text.out)).toMatchObject([{ name: 'qwen', status: 'missing', bytes: null }]);

    await modelsCommand(context().ctx, project, 'pull', ['qwen'], {});
    const after = context();
    await modelsCommand(after.ctx, project, 'ls', [], {});
    const lines = after.text.out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+FILE\s+STATUS\s+SIZE\s+SHA256\s+PATH$/);
    expect(lines[1]).toMatch(new RegExp(`^qwen\\s+qwen\\.gguf\\s+cached\\s+4\\.0 KiB\\s+${sha256(body).slice(0, 12)}\\s+/`));
    // Without a recipe the cache still knows the name.
    const bare = context();
    await modelsCommand(bare.ctx, null, 'ls', [], { json: true });
    expect(JSON.parse(bare.text.out)).toMatchObject([{ name: 'qwen', status: 'cached', bytes: 4096 }]);
  });

  it('rm removes by recipe name', async () => {
    await modelsCommand(context().ctx, project, 'pull', [], {});
    const c = context();
    expect(await modelsCommand(c.ctx, project, 'rm', ['qwen'], {})).toBe(0);
    expect(c.text.out).toMatch(/^removed .*qwen\.gguf\n$/);
    expect(existsSync(c.text.out.slice('removed '.length).trim())).toBe(false);
  });

  it('rejects unknown models, unknown subcommands and pull without a recipe', async () => {
    await expect(modelsCommand(context().ctx, project, 'pull', ['nope'], {})).rejects.toMatchObject({ code: 'USAGE' });
    await expect(modelsCommand(context().ctx, project, 'frob', [], {})).rejects.toMatchObject({ code: 'USAGE' });
    await expect(modelsCommand(context().ctx, null, 'pull', [], {})).rejects.toMatchObject({ code: 'RECIPE_NOT_FOUND' });
    expect(server.requests).toHaveLength(0);
  });
});
