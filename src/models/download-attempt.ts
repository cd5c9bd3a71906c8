/**
 * One HTTP request of a download: resume what is on disk when we can, stream the body into
 * `<file>.partial` while hashing it, and say whether the file is complete or the caller
 * should start over. Network trouble is thrown as is (the caller retries); a TempfsError
 * is final.
 */
import { createWriteStream } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { TempfsError } from '../errors.js';
import type { ModelSpec } from '../recipe/model.js';
import type { ModelPaths } from './cache-layout.js';
import { writeError } from './disk-errors.js';
import { httpGet, type FetchLike } from './http-get.js';
import {
  fileSize, freshHash, hashPrefix, parseContentRange, readPartialMeta, removeQuietly,
  resumeHeaders, writePartialMeta, type HashState, type PartialMeta,
} from './partial.js';
import type { ProgressMeter } from './progress.js';
import { streamToFile } from './stream-to-file.js';

export interface AttemptContext {
  spec: ModelSpec;
  paths: ModelPaths;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  fetch?: FetchLike;
  meter: ProgressMeter;
}

export type AttemptResult =
  | { outcome: 'complete'; state: HashState; meta: PartialMeta }
  | { outcome: 'restart'; state: HashState };

/** A server error worth another try (5xx, 429). */
export class RetryableStatus extends Error {}

export async function downloadAttempt(ctx: AttemptContext, state: HashState): Promise<AttemptResult> {
  const { spec, paths } = ctx;
  let offset = await fileSize(paths.partial);
  const previous = offset > 0 ? await readPartialMeta(paths.partialMeta) : null;
  if (offset > 0 && previous?.url !== spec.url) {
    // A partial we know nothing about cannot be resumed safely.
    await removeQuietly(paths.partial, paths.partialMeta);
    offset = 0;
  }
  if (state.bytes !== offset) state = await hashPrefix(paths.partial, offset, ctx.signal);

  const headers = previous && offset > 0 ? resumeHeaders(previous, offset) : {};
  const { response } = await httpGet(spec.url, { headers, env: ctx.env, signal: ctx.signal, fetch: ctx.fetch });
  const range = parseContentRange(response.headers.get('content-range'));

  if (response.status === 416 && offset > 0) {
    await response.body?.cancel().catch(() => {});
    // The partial may already hold the whole file (a crash before the rename).
    if (range?.total === offset && previous) return { outcome: 'complete', state, meta: { ...previous, total: offset } };
    await removeQuietly(paths.partial, paths.partialMeta);
    return { outcome: 'restart', state: freshHash() };
  }
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel().catch(() => {});
    throw new RetryableStatus(`HTTP ${response.status} from ${new URL(spec.url).host}`);
  }
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel().catch(() => {});
    throw statusError(spec, response.status);
  }
  if (response.status === 206 && range?.start !== offset) {
    await response.body?.cancel().catch(() => {});
    await removeQuietly(paths.partial, paths.partialMeta);
    return { outcome: 'restart', state: freshHash() };
  }
  if (response.status === 200) {
    // A full body: the server ignored Range, or If-Range said the file changed.
    offset = 0;
    state = freshHash();
  }

  const length = response.headers.get('content-length');
  const total = response.status === 206 ? (range?.total ?? null) : length === null ? null : Number(length);
  const meta: PartialMeta = {
    url: spec.url,
    etag: response.headers.get('etag') ?? previous?.etag ?? null,
    lastModified: response.headers.get('last-modified') ?? previous?.lastModified ?? null,
    total,
  };
  try {
    await writePartialMeta(paths.partialMeta, meta);
    if (total !== null) await checkFreeSpace(paths.dir, total - offset);
  } catch (e) {
    await response.body?.cancel().catch(() => {});
    throw writeError(e, spec.name, paths.dir);
  }

  ctx.meter.start(offset, total);
  const out = createWriteStream(paths.partial, { flags: offset > 0 ? 'a' : 'w', highWaterMark: 1 << 20 });
  await streamToFile(response.body, out, (chunk) => {
    state.hash.update(chunk);
    state.bytes += chunk.length;
    ctx.meter.add(chunk.length);
  }, (e) => writeError(e, spec.name, paths.dir));
  ctx.meter.flush();
  if (total !== null && state.bytes !== total) {
    throw new Error(`connection closed after ${state.bytes} of ${total} bytes`);
  }
  return { outcome: 'complete', state, meta: { ...meta, total: state.bytes } };
}

function statusError(spec: ModelSpec, status: number): TempfsError {
  const hint =
    status === 401 || status === 403
      ? 'The model may be gated or private: set HF_TOKEN to a Hugging Face token with access.'
      : status === 404
        ? 'Check the model URL (and the revision for hf:// URLs).'
        : undefined;
  return new TempfsError('MODEL_DOWNLOAD', `model ${spec.name}: HTTP ${status} fetching ${spec.url}`, { hint });
}

/** Fail before downloading gigabytes that cannot fit. */
async function checkFreeSpace(dir: string, needed: number): Promise<void> {
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  if (free < needed) {
    throw Object.assign(new Error(`need ${needed} bytes, ${free} free`), { code: 'ENOSPC' });
  }
}
