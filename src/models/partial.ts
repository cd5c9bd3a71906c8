/**
 * The state of an interrupted download: `<file>.partial` and what the server told us about
 * it in `<file>.partial.json`, and the HTTP helpers that resume it.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { readJson, writeJson } from '../shared/json-file.js';

export interface PartialMeta {
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** Size of the whole file, when the server said. */
  total: number | null;
}

export const readPartialMeta = (path: string) => readJson<PartialMeta>(path);
export const writePartialMeta = (path: string, meta: PartialMeta) => writeJson(path, meta);

export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export async function removeQuietly(...paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => unlink(p).catch(() => {})));
}

/** The sha256 of the first `bytes` of a file. */
export async function hashPrefix(path: string, bytes: number, signal?: AbortSignal): Promise<string> {
  return (await hashInto(createHash('sha256'), path, bytes, signal)).digest('hex');
}

/** Feeds the first `bytes` of a file to `hash` (a resumed download's prefix). */
export async function hashInto(hash: Hash, path: string, bytes: number, signal?: AbortSignal): Promise<Hash> {
  if (bytes > 0) {
    for await (const chunk of createReadStream(path, { end: bytes - 1, highWaterMark: 1 << 20, signal })) {
      hash.update(chunk as Buffer);
    }
  }
  return hash;
}

/**
 * Headers that resume at `offset`. If-Range makes the server send the whole file (200)
 * instead of a range when it changed; a weak ETag cannot be used there, Last-Modified can.
 */
export function resumeHeaders(meta: PartialMeta, offset: number): Record<string, string> {
  const headers: Record<string, string> = { range: `bytes=${offset}-` };
  const validator = meta.etag && !meta.etag.startsWith('W/') ? meta.etag : meta.lastModified;
  if (validator) headers['if-range'] = validator;
  return headers;
}

// `bytes 100-199/200` -> { start: 100, total: 200 }; `bytes */200` (a 416) -> { start: null, total: 200 }.
export function parseContentRange(value: string | null): { start: number | null; total: number | null } | null {
  const m = value ? /^bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)$/i.exec(value.trim()) : null;
  if (!m) return null;
  return {
    start: m[1] === undefined ? null : Number(m[1]),
    total: m[2] === '*' ? null : Number(m[2]),
  };
}
