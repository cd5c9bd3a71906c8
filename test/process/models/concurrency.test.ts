import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelEvent } from '../../../src/events.js';
import { ensureModel } from '../../../src/models/ensure-model.js';
import { modelPaths } from '../../../src/models/cache-layout.js';
import { startFaultServer, type FaultServer } from '../../helpers/http-fault-server.js';
import { compileModels } from '../../unit/models/compile-models.js';
import { content, sha256, spec, tempCache } from '../../unit/models/fixtures.js';

const SIZE = 200_000;
const body = content(SIZE);
const hex = sha256(body);
let server: FaultServer;
let cache: Awaited<ReturnType<typeof tempCache>>;

beforeEach(async () => {
  // Slow enough (~0.25 s) that the second caller arrives while the first is downloading.
  server = await startFaultServer({ files: { '/m.gguf': { body, etag: '"c"' } }, chunkSize: 16_384, chunkDelayMs: 20 });
  cache = await tempCache();
});
afterEach(async () => {
  await server.close();
  await cache.cleanup();
});

describe('concurrent pulls of one model', () => {
  it('share one download inside one process; the second waits for the lock', async () => {
    const s = spec(server.url('/m.gguf'), hex);
    const events: ModelEvent[][] = [[], []];
    const opts = (i: number) => ({ cacheDir: cache.dir, lockPollMs: 20, onProgress: (e: ModelEvent) => events[i]!.push(e) });
    const [a, b] = await Promise.all([ensureModel(s, opts(0)), ensureModel(s, opts(1))]);
    expect(server.requests).toHaveLength(1);
    expect(server.bytesSent).toBe(SIZE);
    // Either may win the lock; the other waits, then finds the file.
    const waiter = a.cached ? 0 : 1;
    expect([a.cached, b.cached].sort()).toEqual([false, true]);
    expect(b).toMatchObject({ path: a.path, sha256: hex });
    expect(events[waiter]!.map((e) => e.status)).toEqual(['waiting-for-lock', 'cached']);
    expect(events[1 - waiter]!.at(-1)?.status).toBe('done');
    expect(existsSync(modelPaths(s, cache.dir).lock)).toBe(false);
  });

  it('share one download across two node processes', async () => {
    const entry = await compileModels(`${cache.dir}/build`);
    const s = spec(server.url('/m.gguf'), hex);
    const script = `
      const { ensureModel } = await import(${JSON.stringify(pathToFileURL(entry).href)});
      const onProgress = (e) => console.log(JSON.stringify(e));
      const r = await ensureModel(${JSON.stringify(s)}, { cacheDir: ${JSON.stringify(cache.dir)}, lockPollMs: 20, onProgress });
      console.log(JSON.stringify({ result: r }));
`;
    // The server holds the body until one child reports that it waits for the other's lock.
    let open!: () => void;
    server.hold = new Promise((resolve) => (open = resolve));
    const statuses: string[] = [];
    const run = async () => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.stdout.on('data', (d) => {
        out += d;
        if (String(d).includes('waiting-for-lock')) open();
      });
      const [code] = await once(child, 'exit');
      expect(err).toBe('');
      expect(code).toBe(0);
      const lines = out.trim().split('\n').map((l) => JSON.parse(l));
      statuses.push(...lines.filter((l) => l.status).map((l) => l.status));
      return lines.at(-1).result as { path: string; cached: boolean; sha256: string };
    };
    const results = await Promise.all([run(), run()]);
    expect(statuses.filter((st) => st === 'waiting-for-lock')).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
    expect(server.bytesSent).toBe(SIZE);
    expect(results.map((r) => r.cached).sort()).toEqual([false, true]);
    expect(results.every((r) => r.sha256 === hex && r.path === results[0]!.path)).toBe(true);
  });

  it('breaks a stale lock left by a dead process', async () => {
    const s = spec(server.url('/m.gguf'), hex);
    const paths = modelPaths(s, cache.dir);
    const dead = spawn(process.execPath, ['-e', '0']);
    await once(dead, 'exit');
    await mkdir(paths.dir, { recursive: true });
    const { hostname } = await import('node:os');
    await writeFile(paths.lock, JSON.stringify({ pid: dead.pid, host: hostname(), at: new Date().toISOString() }));
    const events: ModelEvent[] = [];
    const r = await ensureModel(s, { cacheDir: cache.dir, onProgress: (e) => events.push(e) });
    expect(r).toMatchObject({ cached: false, sha256: hex });
    expect(events.some((e) => e.status === 'waiting-for-lock')).toBe(false);
    expect(existsSync(paths.lock)).toBe(false);
  });

  it('a cancel while waiting for the lock is CANCELLED and leaves the holder\'s lock alone', async () => {
    const s = spec(server.url('/m.gguf'), hex);
    const paths = modelPaths(s, cache.dir);
    await mkdir(paths.dir, { recursive: true });
    const { hostname } = await import('node:os');
    const held = JSON.stringify({ pid: process.pid, host: hostname(), at: 'now' });
    await writeFile(paths.lock, held);
    const ac = new AbortController();
    const p = ensureModel(s, {
      cacheDir: cache.dir,
      signal: ac.signal,
      lockPollMs: 10,
      onProgress: (e) => {
        if (e.status === 'waiting-for-lock') ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readFile(paths.lock, 'utf8')).toBe(held);
    expect(server.requests).toHaveLength(0);
  });
});
