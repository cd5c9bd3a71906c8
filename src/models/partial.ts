/**
 * The state of an interrupted download: `<file>.partial` and what the server told us about
 * it in `<file>.partial.json`. The running sha256 must always cover exactly the bytes on
 * disk, so when the two disagree the partial is hashed again from the start.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { readJson, writeJson } from './json-file.js';

export interface PartialMeta {
  url: string;
  etag: string | null;
  lastModified: string | null;
  /** Size of the whole file, when the server said. */
  total: number | null;
}

/** The running hash and how many bytes of the partial it has seen. */
export interface HashState {
  hash: Hash;
  bytes: number;
}

export function freshHash(): HashState {
  return { hash: createHash('sha256'), bytes: 0 };
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

/** Hash the first `bytes` of a file (the bytes already downloaded). */
export async function hashPrefix(path: string, bytes: number, signal?: AbortSignal): Promise<HashState> {
  const state = freshHash();
  if (bytes === 0) return state;
  const stream = createReadStream(path, { end: bytes - 1, highWaterMark: 1 << 20, signal });
  for await (const chunk of stream) {
    state.hash.update(chunk as Buffer);
    state.bytes += (chunk as Buffer).length;
  }
  return state;
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
