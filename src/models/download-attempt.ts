/**
 * One HTTP request of a download: resume what is on disk when we can, stream the body into
 * `<file>.partial` (hashed as it goes, the prefix on disk included), and say whether the
 * file is complete or the caller should start over. Network trouble is thrown as is (the caller retries); a TempfsError
 * is final.
 */
import { statfs } from 'node:fs/promises';
import { TempfsError } from '../errors.js';
import type { ModelSpec } from '../recipe/model.js';
import type { ModelPaths } from './cache-layout.js';
import { writeError } from './disk-errors.js';
import { httpGet, type RouteLike } from './http-get.js';
import {
  fileSize, hashPrefix, parseContentRange, readPartialMeta, removeQuietly, resumeHeaders,
  writePartialMeta, type PartialMeta,
} from './partial.js';
import { PartialFile, WriteFailure } from './partial-file.js';
import type { ProgressMeter } from './progress.js';

export interface AttemptContext {
  spec: ModelSpec;
  paths: ModelPaths;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  route?: RouteLike;
  idleTimeoutMs?: number;
  meter: ProgressMeter;
}

export type AttemptResult =
  | { outcome: 'complete'; sha256: string; bytes: number; meta: PartialMeta }
  | { outcome: 'restart' };

/** A server error worth another try (5xx, 429). */
export class RetryableStatus extends Error {}

export async function downloadAttempt(ctx: AttemptContext): Promise<AttemptResult> {
  const { spec, paths } = ctx;
  let offset = await fileSize(paths.partial);
  const previous = offset > 0 ? await readPartialMeta(paths.partialMeta) : null;
  if (offset > 0 && previous?.url !== spec.url) {
    // A partial we know nothing about cannot be resumed safely.
    await removeQuietly(paths.partial, paths.partialMeta);
    offset = 0;
  }

  const headers = previous && offset > 0 ? resumeHeaders(previous, offset) : {};
  const { response } = await httpGet(spec.url, {
    headers, env: ctx.env, signal: ctx.signal, route: ctx.route, idleTimeoutMs: ctx.idleTimeoutMs,
  });
  const status = response.status;
  const range = parseContentRange(response.header('content-range'));

  if (status === 416 && offset > 0) {
    response.discard();
    // The partial may already hold the whole file (a crash before the rename).
    if (range?.total === offset && previous) {
      const sha256 = await hashPrefix(paths.partial, offset, ctx.signal);
      return { outcome: 'complete', sha256, bytes: offset, meta: { ...previous, total: offset } };
    }
    await removeQuietly(paths.partial, paths.partialMeta);
    return { outcome: 'restart' };
  }
  if (status >= 500 || status === 429) {
    response.discard();
    throw new RetryableStatus(`HTTP ${status} from ${new URL(spec.url).host}`);
  }
  if (status !== 200 && status !== 206) {
    response.discard();
    throw statusError(spec, status);
  }
  if (status === 206 && range?.start !== offset) {
    response.discard();
    await removeQuietly(paths.partial, paths.partialMeta);
    return { outcome: 'restart' };
  }
  // A full body to a range request: the server ignored Range, or If-Range said the file changed.
  if (status === 200) offset = 0;

  const length = response.header('content-length');
  const total = status === 206 ? (range?.total ?? null) : length === null ? null : Number(length);
  const meta: PartialMeta = {
    url: spec.url,
    etag: response.header('etag') ?? previous?.etag ?? null,
    lastModified: response.header('last-modified') ?? previous?.lastModified ?? null,
    total,
  };
  try {
    await writePartialMeta(paths.partialMeta, meta);
    if (total !== null) await checkFreeSpace(paths.dir, total - offset);
  } catch (e) {
    response.discard();
    throw writeError(e, spec.name, paths.dir);
  }

  ctx.meter.start(offset, total);
  let writer: PartialFile;
  try {
    writer = await PartialFile.open(paths.partial, offset, ctx.signal);
  } catch (e) {
    response.discard();
    throw e instanceof WriteFailure ? writeError(e.original, spec.name, paths.dir) : e;
  }
  try {
    try {
      await response.pipe({
        write: (bytes) => {
          ctx.meter.add(bytes.length);
          return writer.push(bytes);
        },
      });
    } finally {
      // Also after a cut: every byte received goes to disk, so a resume asks only for the rest.
      await writer.flush();
    }
    ctx.meter.flush();
    if (total !== null && writer.written !== total) {
      throw new Error(`connection closed after ${writer.written} of ${total} bytes`);
    }
    const sha256 = writer.digest();
    return { outcome: 'complete', sha256, bytes: writer.written, meta: { ...meta, total: writer.written } };
  } catch (e) {
    if (e instanceof WriteFailure) throw writeError(e.original, spec.name, paths.dir);
    throw e;
  } finally {
    await writer.close();
  }
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
