/**
 * A whole download, under the lock: attempts with retries, then verify and move into place.
 * The final path only ever receives a complete, verified file, by a rename in one folder.
 */
import { rename } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { TempfsError, abortError, isTempfsError } from '../errors.js';
import type { ModelEvent } from '../events.js';
import type { ModelSpec } from '../recipe/model.js';
import { backoffDelay } from '../shared/backoff.js';
import type { ModelPaths } from './cache-layout.js';
import { writeError } from './disk-errors.js';
import { RetryableStatus, downloadAttempt, type AttemptContext, type AttemptResult } from './download-attempt.js';
import type { RouteLike } from './http-get.js';
import { writeModelMeta } from './model-meta.js';
import { removeQuietly } from './partial.js';
import { ProgressMeter } from './progress.js';

/** Retry timing of a download: exponential with jitter (shared/backoff.ts). */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  tries?: number;
  /** Delay before the second attempt. Default 500 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface DownloadOptions {
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  route?: RouteLike;
  idleTimeoutMs?: number;
  retry?: RetryOptions;
  emit: (e: ModelEvent) => void;
  progressIntervalMs?: number;
}

export interface DownloadResult {
  path: string;
  sha256: string;
  bytes: number;
}

/** 416 or a wrong Content-Range make us start over; more than this in a row is a server bug. */
const MAX_RESTARTS = 3;

export async function download(spec: ModelSpec, paths: ModelPaths, opts: DownloadOptions): Promise<DownloadResult> {
  const meter = new ProgressMeter({ model: spec.name, emit: opts.emit, intervalMs: opts.progressIntervalMs });
  return downloadWith({ ...opts, spec, paths, meter }, opts);
}

async function downloadWith(ctx: AttemptContext, opts: DownloadOptions): Promise<DownloadResult> {
  const { spec, paths } = ctx;
  const tries = opts.retry?.tries ?? 5;
  let failures = 0;
  let restarts = 0;
  let result: AttemptResult;
  for (;;) {
    try {
      result = await downloadAttempt(ctx);
    } catch (e) {
      if (opts.signal?.aborted) throw abortError(`model ${spec.name}`, opts.signal);
      if (systemCode(e) === 'ENOTFOUND') throw unresolved(e, spec);
      if (isTempfsError(e) || !isRetryable(e)) throw e;
      failures++;
      if (failures >= tries) {
        throw new TempfsError('MODEL_DOWNLOAD', `model ${spec.name}: download failed after ${tries} tries: ${describe(e)}`, {
          cause: e,
          hint: 'Run the command again: the download resumes where it stopped.',
        });
      }
      const delay = backoffDelay(failures, { baseMs: opts.retry?.baseDelayMs ?? 500, maxMs: opts.retry?.maxDelayMs ?? 15_000, jitter: Math.random });
      opts.emit({ type: 'model', model: spec.name, status: 'downloading', detail: `retry ${failures + 1}/${tries} in ${delay} ms: ${describe(e)}` });
      await sleep(delay, undefined, { signal: opts.signal }).catch(() => {
        throw abortError(`model ${spec.name}`, opts.signal!);
      });
      continue;
    }
    if (result.outcome === 'complete') break;
    if (++restarts > MAX_RESTARTS) {
      throw new TempfsError('MODEL_DOWNLOAD', `model ${spec.name}: the server keeps refusing to resume ${spec.url}`);
    }
  }

  const { sha256, bytes } = result;
  opts.emit({ type: 'model', model: spec.name, status: 'verifying', bytes });
  if (spec.sha256 && sha256 !== spec.sha256) {
    await removeQuietly(paths.partial, paths.partialMeta);
    throw new TempfsError(
      'CHECKSUM_MISMATCH',
      `model ${spec.name}: checksum mismatch for ${spec.url}: expected sha256 ${spec.sha256}, got ${sha256}`,
      { hint: 'The downloaded file was deleted. Check the sha256 in the recipe, or the URL.' },
    );
  }
  try {
    // Metadata first: a crash between the two leaves a meta without a model, which listings ignore.
    await writeModelMeta(paths.meta, {
      name: spec.name,
      url: spec.url,
      etag: result.meta.etag,
      lastModified: result.meta.lastModified,
      size: bytes,
      sha256,
      fetchedAt: new Date().toISOString(),
    });
    await rename(paths.partial, paths.final);
  } catch (e) {
    throw writeError(e, spec.name, paths.dir);
  }
  await removeQuietly(paths.partialMeta);
  return { path: paths.final, sha256, bytes };
}

/** Node's system errors of a connection that another try may get past (a name that does not resolve is not one). */
const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN']);

/**
 * Network trouble is worth another try: a socket error (ECONNRESET, ETIMEDOUT…: Node's own
 * system errors, whose prototype is not Error's), a response that breaks off or does not
 * parse (a plain Error), a 5xx or 429 (RetryableStatus). A TypeError, RangeError or any
 * other subclass is a bug here, and retrying it five times would only bury it under
 * "download failed".
 */
export function isRetryable(e: unknown): boolean {
  if (e instanceof RetryableStatus) return true;
  if (!(e instanceof Error)) return false;
  return CONNECTION_CODES.has(systemCode(e) ?? '') || Object.getPrototypeOf(e) === Error.prototype;
}

function systemCode(e: unknown): string | undefined {
  const { code, syscall } = (e ?? {}) as { code?: unknown; syscall?: unknown };
  return typeof code === 'string' && typeof syscall === 'string' ? code : undefined;
}

/** A host that does not resolve: said at once, not after five tries (offline, or a typo in the url). */
function unresolved(e: unknown, spec: ModelSpec): TempfsError {
  const host = (e as { hostname?: string }).hostname ?? spec.url;
  return new TempfsError('MODEL_DOWNLOAD', `model ${spec.name}: cannot resolve ${host} (no network here, or a wrong host in ${spec.url})`, {
    cause: e,
    hint: 'Check the network (behind a proxy: HTTPS_PROXY), or the model url in the recipe; a model already in the cache is used without the network.',
  });
}

function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message} (${cause})` : String(err?.message ?? e);
}
