import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureModel } from '../../../src/models/ensure-model.js';
import { listModels } from '../../../src/models/list-models.js';
import { removeModel } from '../../../src/models/remove-model.js';
import { modelPaths } from '../../../src/models/cache-layout.js';
import { startFaultServer, type FaultServer } from '../../helpers/http-fault-server.js';
import { content, sha256, spec, tempCache } from './fixtures.js';

const a = content(1000);
const b = content(2000);
let server: FaultServer;
let cache: Awaited<ReturnType<typeof tempCache>>;

beforeEach(async () => {
  server = await startFaultServer({ files: { '/a.gguf': { body: a }, '/b.gguf': { body: b } } });
  cache = await tempCache();
  await ensureModel(spec(server.url('/a.gguf'), sha256(a), 'alpha'), { cacheDir: cache.dir });
  await ensureModel(spec(server.url('/b.gguf'), null, 'beta'), { cacheDir: cache.dir });
});
afterEach(async () => {
  await server.close();
  await cache.cleanup();
});

describe('listModels', () => {
  it('lists finished models with their metadata and interrupted downloads as partial', async () => {
    const p = modelPaths(spec('http://x/c', null, 'gamma'), cache.dir);
    await mkdir(p.dir, { recursive: true });
    await writeFile(p.partial, 'half');
    const list = await listModels(cache.dir);
    expect(list.map((m) => [m.name, m.file, m.bytes, m.key, m.complete])).toEqual([
      ['alpha', 'alpha.gguf', 1000, 'sha256', true],
      ['beta', 'beta.gguf', 2000, 'url', true],
      [null, 'gamma.gguf', 4, 'url', false],
    ]);
    expect(list[1]).toMatchObject({ sha256: sha256(b), url: server.url('/b.gguf') });
  });

  it('is empty for a cache that does not exist', async () => {
    expect(await listModels(`${cache.dir}/nope`)).toEqual([]);
  });
});

describe('removeModel', () => {
  it('removes by name, with metadata and folder', async () => {
    const path = modelPaths(spec(server.url('/a.gguf'), sha256(a), 'alpha'), cache.dir).final;
    const removed = await removeModel(cache.dir, 'alpha');
    expect(removed.map((m) => m.path)).toEqual([path]);
    expect(existsSync(path)).toBe(false);
    expect(await readdir(`${cache.dir}/sha256`)).toEqual([]);
    expect((await listModels(cache.dir)).map((m) => m.name)).toEqual(['beta']);
  });

  it('removes by path, refuses paths outside the cache, and reports unknown names', async () => {
    const path = modelPaths(spec(server.url('/b.gguf'), null, 'beta'), cache.dir).final;
    await removeModel(cache.dir, path);
    expect(existsSync(path)).toBe(false);
    await expect(removeModel(cache.dir, '/etc/passwd')).rejects.toMatchObject({ code: 'USAGE' });
    await expect(removeModel(cache.dir, 'beta')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a model that a live process is downloading', async () => {
    const p = modelPaths(spec(server.url('/a.gguf'), sha256(a), 'alpha'), cache.dir);
    const { hostname } = await import('node:os');
    await writeFile(p.lock, JSON.stringify({ pid: process.pid, host: hostname(), at: 'now' }));
    await expect(removeModel(cache.dir, 'alpha')).rejects.toMatchObject({ code: 'MODEL_DOWNLOAD' });
    expect(existsSync(p.final)).toBe(true);
  });
});
