/**
 * ensureModel: the model's file in the host cache, downloading it first if needed.
 * Concurrent calls for one model (in this process or others) share one download: the
 * first takes the lock and downloads, the others wait for the lock and then find the file.
 */
import { mkdir, stat } from 'node:fs/promises';
import { abortError, isTempfsError } from '../errors.js';
import type { ModelEvent } from '../events.js';
import type { ModelSpec } from '../recipe/model.js';
import type { RetryOptions } from './download.js';
import { modelPaths, type ModelPaths } from './cache-layout.js';
import { writeError } from './disk-errors.js';
import type { RouteLike } from './http-get.js';
import { acquireLock } from './lock.js';
import { readModelMeta } from './model-meta.js';
import { hashPrefix, removeQuietly } from './partial.js';

export interface EnsureModelOptions {
  cacheDir: string;
  signal?: AbortSignal;
  onProgress?: (event: ModelEvent) => void;
  /** For HF_TOKEN. Default: none (no token is sent). */
  env?: Record<string, string | undefined>;
  /** Where to connect for a logical URL (tests map hosts to 127.0.0.1); requests still name the logical URL. */
  route?: RouteLike;
  /** A connection silent for this long fails and is retried. Default 60 s. */
  idleTimeoutMs?: number;
  retry?: RetryOptions;
  /** Throttle of `downloading` events. Default 200 ms. */
  progressIntervalMs?: number;
  /** How often a waiter looks at the lock. Default 150 ms. */
  lockPollMs?: number;
}

export interface EnsureModelResult {
  path: string;
  sha256: string;
  bytes: number;
  /** True when no download happened in this call. */
  cached: boolean;
}

export async function ensureModel(spec: ModelSpec, opts: EnsureModelOptions): Promise<EnsureModelResult> {
  const emit = opts.onProgress ?? (() => {});
  const paths = modelPaths(spec, opts.cacheDir);
  const hit = await cacheHit(spec, paths, opts.signal);
  if (hit) {
    emit({ type: 'model', model: spec.name, status: 'cached', bytes: hit.bytes, total: hit.bytes });
    return hit;
  }
  try {
    await mkdir(paths.dir, { recursive: true });
  } catch (e) {
    throw writeError(e, spec.name, paths.dir);
  }
  let release: (() => Promise<void>) | undefined;
  try {
    release = await acquireLock(paths.lock, {
      signal: opts.signal,
      pollMs: opts.lockPollMs,
      onWait: (holder) =>
        emit({
          type: 'model',
          model: spec.name,
          status: 'waiting-for-lock',
          detail: holder ? `another tempfs (pid ${holder.pid}) is downloading it` : 'another download holds the lock',
        }),
    });
    // The holder we waited for has probably just finished it.
    const after = await cacheHit(spec, paths, opts.signal);
    if (after) {
      emit({ type: 'model', model: spec.name, status: 'cached', bytes: after.bytes, total: after.bytes });
      return after;
    }
    // Loaded on a miss only: the downloader brings node:https and node:tls (~8 ms at every
    // `up` of a recipe whose models are all cached).
    const { download } = await import('./download.js');
    const done = await download(spec, paths, {
      env: opts.env ?? {},
      signal: opts.signal,
      route: opts.route,
      idleTimeoutMs: opts.idleTimeoutMs,
      retry: opts.retry,
      emit,
      progressIntervalMs: opts.progressIntervalMs,
    });
    emit({ type: 'model', model: spec.name, status: 'done', bytes: done.bytes, total: done.bytes });
    return { ...done, cached: false };
  } catch (e) {
    const err = opts.signal?.aborted && !isTempfsError(e) ? abortError(`model ${spec.name}`, opts.signal) : e;
    if (isTempfsError(err, 'DISK_FULL')) await removeQuietly(paths.partial, paths.partialMeta);
    if (!isTempfsError(err, 'CANCELLED')) {
      // The line already names the model (`model qwen: failed …`): not twice.
      const message = (err as Error).message;
      const named = `model ${spec.name}: `;
      emit({ type: 'model', model: spec.name, status: 'failed', detail: message.startsWith(named) ? message.slice(named.length) : message });
    }
    throw err;
  } finally {
    await release?.();
  }
}

/** A finished file at the final path. Pinned models need no reading; unpinned ones use their meta. */
async function cacheHit(spec: ModelSpec, paths: ModelPaths, signal?: AbortSignal): Promise<EnsureModelResult | null> {
  let bytes: number;
  try {
    const st = await stat(paths.final);
    if (!st.isFile()) return null;
    bytes = st.size;
  } catch {
    return null;
  }
  let sha256 = spec.sha256 ?? (await readModelMeta(paths.meta))?.sha256;
  // No meta (copied in by hand, or a crash between rename and meta): hash it once.
  sha256 ??= await hashPrefix(paths.final, bytes, signal);
  return { path: paths.final, sha256, bytes, cached: true };
}
