import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTempfsError } from '../../../src/errors.js';
import type { ModelEvent } from '../../../src/events.js';
import { ensureModel } from '../../../src/models/ensure-model.js';
import { modelPaths } from '../../../src/models/cache-layout.js';
import { QUEUE_BYTES } from '../../../src/models/partial-file.js';
import { startFaultServer, type FaultServer } from '../../helpers/http-fault-server.js';
import { content, quickRetry, sha256, spec, tempCache } from './fixtures.js';

const SIZE = 300_000;
const body = content(SIZE);
const hex = sha256(body);
let server: FaultServer;
let cache: Awaited<ReturnType<typeof tempCache>>;
/** Progress events seen while the final path already existed: must stay empty. */
let early: ModelEvent[];

beforeEach(async () => {
  server = await startFaultServer({ files: { '/m.gguf': { body, etag: '"v1"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' } } });
  cache = await tempCache();
  early = [];
});
afterEach(async () => {
  await server.close();
  await cache.cleanup();
  expect(early).toEqual([]);
});

function pull(sha: string | null = hex, events: ModelEvent[] = []) {
  const s = spec(server.url('/m.gguf'), sha);
  const final = modelPaths(s, cache.dir).final;
  return ensureModel(s, {
    cacheDir: cache.dir,
    retry: quickRetry,
    progressIntervalMs: 0,
    onProgress: (e) => {
      // The final path must never exist before the download is complete.
      if ((e.status === 'downloading' || e.status === 'verifying') && existsSync(final)) early.push(e);
      events.push(e);
    },
  });
}

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

describe('ensureModel', () => {
  it('downloads into the sha256-keyed path, then hits the cache without network', async () => {
    const events: ModelEvent[] = [];
    const first = await pull(hex, events);
    expect(first).toMatchObject({ sha256: hex, bytes: SIZE, cached: false });
    expect(first.path).toBe(`${cache.dir}/sha256/${hex}/tiny.gguf`);
    expect((await readFile(first.path)).equals(body)).toBe(true);
    expect(await readdir(`${cache.dir}/sha256/${hex}`)).toEqual(['tiny.gguf', 'tiny.gguf.meta.json']);
    expect(events.map((e) => e.status)).toContain('downloading');
    expect(events.at(-2)?.status).toBe('verifying');
    expect(events.at(-1)).toMatchObject({ status: 'done', bytes: SIZE });

    const second = await pull(hex);
    expect(second).toMatchObject({ path: first.path, cached: true, bytes: SIZE });
    expect(server.requests).toHaveLength(1);
  });

  it('keys unpinned models by URL and records the computed sha256', async () => {
    const first = await pull(null);
    expect(first.path).toMatch(new RegExp(`/url/[0-9a-f]{64}/tiny\\.gguf$`));
    expect(first.sha256).toBe(hex);
    const meta = JSON.parse(await readFile(first.path + '.meta.json', 'utf8'));
    expect(meta).toMatchObject({ url: server.url('/m.gguf'), etag: '"v1"', size: SIZE, sha256: hex, name: 'tiny' });
    expect(await pull(null)).toMatchObject({ cached: true, sha256: hex });
    expect(server.requests).toHaveLength(1);
  });

  it('resumes after a cut, fetching only the missing bytes', async () => {
    server.faults.push({ kind: 'cut', after: 100_000 });
    const r = await pull();
    expect(r.sha256).toBe(hex);
    expect(server.bytesSent).toBe(SIZE);
    expect(server.requests.map((q) => [q.status, q.bytes, q.range, q.ifRange])).toEqual([
      [200, 100_000, null, null],
      [206, SIZE - 100_000, 'bytes=100000-', '"v1"'],
    ]);
  });

  it('gives up on a stalled connection after the idle timeout and resumes', async () => {
    server.faults.push({ kind: 'stall', after: 70_000 });
    const s = spec(server.url('/m.gguf'), hex);
    const events: ModelEvent[] = [];
    const r = await ensureModel(s, { cacheDir: cache.dir, retry: quickRetry, idleTimeoutMs: 150, onProgress: (e) => events.push(e) });
    expect(r.sha256).toBe(hex);
    expect(server.bytesSent).toBe(SIZE);
    expect(server.requests.map((q) => q.range)).toEqual([null, 'bytes=70000-']);
    expect(events.some((e) => /retry 2\/5 .*no data from/.test(e.detail ?? ''))).toBe(true);
  });

  it('resumes a download bigger than the write queue, fetching only the missing bytes', async () => {
    const big = content(QUEUE_BYTES + 2 * 1024 * 1024 + 1);
    const bigServer = await startFaultServer({ files: { '/big.gguf': { body: big, etag: '"b"' } }, chunkSize: 256 * 1024 });
    try {
      bigServer.faults.push({ kind: 'cut', after: QUEUE_BYTES + 1024 * 1024 });
      const r = await ensureModel(spec(bigServer.url('/big.gguf'), sha256(big)), { cacheDir: cache.dir, retry: quickRetry });
      expect(r).toMatchObject({ sha256: sha256(big), bytes: big.length });
      expect(bigServer.bytesSent).toBe(big.length);
      expect(bigServer.requests.map((q) => q.range)).toEqual([null, `bytes=${QUEUE_BYTES + 1024 * 1024}-`]);
    } finally {
      await bigServer.close();
    }
  });

  it('resumes a partial left by an earlier run, re-hashing what is on disk', async () => {
    server.faults.push({ kind: 'cut', after: 120_000 }, { kind: 'status', status: 500 });
    const failed: ModelEvent[] = [];
    const e = await ensureModel(spec(server.url('/m.gguf'), hex), {
      cacheDir: cache.dir,
      retry: { tries: 2, baseDelayMs: 1 },
      onProgress: (event) => event.status === 'failed' && failed.push(event),
    }).catch((x) => x);
    expect(e.code).toBe('MODEL_DOWNLOAD');
    // The event's line names the model already: its detail does not say it again.
    expect(e.message).toMatch(/^model \S+: download failed after 2 tries/);
    expect(failed.map((f) => f.detail)).toEqual([e.message.replace(/^model \S+: /, '')]);
    const paths = modelPaths(spec(server.url('/m.gguf'), hex), cache.dir);
    expect(existsSync(paths.final)).toBe(false);
    expect((await readFile(paths.partial)).length).toBe(120_000);

    const r = await pull();
    expect(r).toMatchObject({ sha256: hex, cached: false });
    expect(server.bytesSent).toBe(SIZE);
    expect(existsSync(paths.partial)).toBe(false);
    expect(existsSync(paths.partialMeta)).toBe(false);
  });

  it('retries 5xx with backoff and succeeds', async () => {
    server.faults.push({ kind: 'status', status: 500 }, { kind: 'status', status: 503 }, { kind: 'status', status: 500 });
    const events: ModelEvent[] = [];
    expect((await pull(hex, events)).sha256).toBe(hex);
    expect(server.requests.map((q) => q.status)).toEqual([500, 503, 500, 200]);
    expect(events.filter((e) => e.detail?.startsWith('retry'))).toHaveLength(3);
  });

  it('gives up after the last try with MODEL_DOWNLOAD and nothing at the final path', async () => {
    for (let i = 0; i < 5; i++) server.faults.push({ kind: 'status', status: 500 });
    const e = await failure(pull());
    expect(e.code).toBe('MODEL_DOWNLOAD');
    expect(e.message).toMatch(/after 5 tries: HTTP 500/);
    expect(existsSync(modelPaths(spec(server.url('/m.gguf'), hex), cache.dir).final)).toBe(false);
  });

  it('fails at once on a 404, with a hint', async () => {
    const s = spec(server.url('/missing.gguf'), null);
    const e = await failure(ensureModel(s, { cacheDir: cache.dir, retry: quickRetry }));
    expect(isTempfsError(e, 'MODEL_DOWNLOAD')).toBe(true);
    expect(e.message).toMatch(/HTTP 404/);
    expect(server.requests).toHaveLength(1);
  });

  it('restarts cleanly when the server ignores Range (200 to a range request)', async () => {
    server.faults.push({ kind: 'cut', after: 100_000 }, { kind: 'ignore-range' });
    const r = await pull();
    expect(r.sha256).toBe(hex);
    expect(server.requests.map((q) => [q.status, q.range])).toEqual([
      [200, null],
      [200, 'bytes=100000-'],
    ]);
    expect((await readFile(r.path)).equals(body)).toBe(true);
  });

  it('restarts when the file changed (If-Range fails) and when the server says 416', async () => {
    server.faults.push({ kind: 'cut', after: 50_000 });
    const s = spec(server.url('/m.gguf'), hex);
    const paths = modelPaths(s, cache.dir);
    await ensureModel(s, { cacheDir: cache.dir, retry: { tries: 1 } }).catch(() => {});
    expect((await readFile(paths.partial)).length).toBe(50_000);
    // Pretend the partial came from an older version of the file.
    const meta = JSON.parse(await readFile(paths.partialMeta, 'utf8'));
    await import('node:fs/promises').then((fs) => fs.writeFile(paths.partialMeta, JSON.stringify({ ...meta, etag: '"v0"' })));
    const r = await pull();
    expect(r.sha256).toBe(hex);
    expect(server.requests.slice(1).map((q) => [q.status, q.ifRange])).toEqual([[200, '"v0"']]);
  });

  it('restarts after a 416 for a partial longer than the file', async () => {
    const s = spec(server.url('/m.gguf'), hex);
    const paths = modelPaths(s, cache.dir);
    const fs = await import('node:fs/promises');
    await fs.mkdir(paths.dir, { recursive: true });
    await fs.writeFile(paths.partial, Buffer.alloc(SIZE + 10));
    await fs.writeFile(paths.partialMeta, JSON.stringify({ url: s.url, etag: '"v1"', lastModified: null, total: null }));
    const r = await pull();
    expect(r.sha256).toBe(hex);
    expect(server.requests.map((q) => q.status)).toEqual([416, 200]);
  });

  it('a checksum mismatch names both hashes and leaves nothing behind', async () => {
    server.faults.push({ kind: 'corrupt' });
    const s = spec(server.url('/m.gguf'), hex);
    const e = await failure(pull());
    expect(e.code).toBe('CHECKSUM_MISMATCH');
    const bad = Buffer.from(body);
    bad[0] = (bad[0] ?? 0) ^ 0xff;
    expect(e.message).toContain(hex);
    expect(e.message).toContain(sha256(bad));
    expect(await readdir(modelPaths(s, cache.dir).dir)).toEqual([]);
  });

  it('a full disk fails with DISK_FULL, removes the partial and leaves no final file', async () => {
    const s = spec(server.url('/m.gguf'), hex);
    const paths = modelPaths(s, cache.dir);
    const fs = await import('node:fs/promises');
    await fs.mkdir(paths.dir, { recursive: true });
    // Writes through this link fail with ENOSPC, as on a full disk.
    await fs.symlink('/dev/full', paths.partial);
    const e = await failure(pull());
    expect(e.code).toBe('DISK_FULL');
    expect(e.message).toMatch(/no space left/);
    expect(await readdir(paths.dir)).toEqual([]);
  });

  it('cancels on abort without leaving a final file; the partial stays resumable', async () => {
    const slow = await startFaultServer({ files: { '/m.gguf': { body, etag: '"v1"' } }, chunkSize: 16_384, chunkDelayMs: 20 });
    try {
      const s = spec(slow.url('/m.gguf'), hex);
      const ac = new AbortController();
      const p = ensureModel(s, {
        cacheDir: cache.dir,
        signal: ac.signal,
        progressIntervalMs: 0,
        onProgress: (ev) => {
          if ((ev.bytes ?? 0) > 40_000) ac.abort();
        },
      });
      const e = await failure(p);
      expect(e.code).toBe('CANCELLED');
      const paths = modelPaths(s, cache.dir);
      expect(existsSync(paths.final)).toBe(false);
      expect(existsSync(paths.lock)).toBe(false);
      expect(existsSync(paths.partial)).toBe(true);
    } finally {
      await slow.close();
    }
  });
});
