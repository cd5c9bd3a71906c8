import { describe, expect, it } from 'vitest';
import type { ModelEvent } from '../../../src/events.js';
import { backoffDelay } from '../../../src/shared/backoff.js';
import { modelPaths, resolveModelsDir } from '../../../src/models/cache-layout.js';
import { parseContentRange, resumeHeaders } from '../../../src/models/partial.js';
import { ProgressMeter } from '../../../src/models/progress.js';

describe('resolveModelsDir', () => {
  it('prefers TEMPFS_MODELS_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(resolveModelsDir({ TEMPFS_MODELS_DIR: '/m', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/m');
    expect(resolveModelsDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/tempfs/models');
    expect(resolveModelsDir({ HOME: '/h' })).toBe('/h/.cache/tempfs/models');
  });
});

describe('modelPaths', () => {
  it('keys pinned models by sha256 and others by the hash of the URL', () => {
    const pinned = modelPaths({ name: 'q', url: 'https://e/q', sha256: 'ab'.repeat(32), file: 'q.gguf' }, '/c');
    expect(pinned).toMatchObject({ key: 'sha256', final: `/c/sha256/${'ab'.repeat(32)}/q.gguf`, partial: `/c/sha256/${'ab'.repeat(32)}/q.gguf.partial` });
    const byUrl = modelPaths({ name: 'q', url: 'https://e/q', sha256: null, file: 'q.gguf' }, '/c');
    // sha256("https://e/q")
    expect(byUrl.final).toMatch(/^\/c\/url\/[0-9a-f]{64}\/q\.gguf$/);
    expect(byUrl.dir).not.toBe(modelPaths({ name: 'q', url: 'https://e/r', sha256: null, file: 'q.gguf' }, '/c').dir);
  });
});

describe('range helpers', () => {
  it('parses Content-Range', () => {
    expect(parseContentRange('bytes 100-199/200')).toEqual({ start: 100, total: 200 });
    expect(parseContentRange('bytes */200')).toEqual({ start: null, total: 200 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, total: null });
    expect(parseContentRange(null)).toBeNull();
    expect(parseContentRange('items 1-2/3')).toBeNull();
  });

  it('uses a strong ETag for If-Range, else Last-Modified, else none', () => {
    const base = { url: 'u', total: 10 };
    expect(resumeHeaders({ ...base, etag: '"e"', lastModified: 'L' }, 5)).toEqual({ range: 'bytes=5-', 'if-range': '"e"' });
    expect(resumeHeaders({ ...base, etag: 'W/"e"', lastModified: 'L' }, 5)).toEqual({ range: 'bytes=5-', 'if-range': 'L' });
    expect(resumeHeaders({ ...base, etag: null, lastModified: null }, 5)).toEqual({ range: 'bytes=5-' });
  });
});

describe('backoffDelay', () => {
  it('doubles per failure, capped, with up to 50% jitter below', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...opts, jitter: () => 1 }))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(1, { ...opts, jitter: () => 0 })).toBe(50);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, opts))).toEqual([100, 200, 400, 800, 1000]);
  });
});

describe('ProgressMeter', () => {
  it('throttles, smooths speed and computes the ETA', () => {
    let t = 0;
    const events: ModelEvent[] = [];
    const m = new ProgressMeter({ model: 'q', emit: (e) => events.push(e), intervalMs: 200, now: () => t });
    m.start(1000, 11_000);
    t = 100;
    m.add(500); // throttled
    t = 1000;
    m.add(500); // 1000 bytes in 1 s
    t = 2000;
    m.add(3000); // 3000 bytes in 1 s: alpha 1 -> speed 3000
    expect(events.map((e) => [e.bytes, e.speed, e.etaSec])).toEqual([
      [1000, undefined, null],
      [2000, 1000, 9],
      [5000, 3000, 2],
    ]);
    t = 2100;
    m.add(100);
    m.flush();
    expect(events.at(-1)).toMatchObject({ status: 'downloading', bytes: 5100, total: 11_000 });
  });
});
