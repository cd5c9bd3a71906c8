/**
 * Where models live on the host.
 *
 * Cache layout (one folder per key, so a folder never mixes two downloads):
 *
 *   <cache>/sha256/<hex>/<file>          pinned models, keyed by content: a hit is "the file
 *                                        exists", no network at all.
 *   <cache>/url/<sha256(url)>/<file>     unpinned models, keyed by URL (the content is only
 *                                        known after the download).
 *
 * Beside each final file, in the same folder (so `rename` is atomic):
 *   <file>.partial        the download in progress; never at the final path
 *   <file>.partial.json   what the server said about it (url, etag, last-modified, total)
 *                         so a later run can resume with Range + If-Range
 *   <file>.lock           exclusive lock, holds the downloader's pid and host
 *   <file>.meta.json      written after the rename: url, etag, last-modified, size,
 *                         computed sha256, fetched-at, model name
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { TempfsError } from '../errors.js';
import type { ModelSpec } from '../recipe/model.js';
import { xdgCacheHome } from '../shared/xdg-paths.js';

export const PARTIAL_SUFFIX = '.partial';
export const PARTIAL_META_SUFFIX = '.partial.json';
export const LOCK_SUFFIX = '.lock';
export const META_SUFFIX = '.meta.json';

/** Every helper file that sits beside a model; a listing skips them. */
export const AUX_SUFFIXES = [PARTIAL_META_SUFFIX, PARTIAL_SUFFIX, LOCK_SUFFIX, META_SUFFIX];

export interface ModelPaths {
  /** The folder of this key. */
  dir: string;
  final: string;
  partial: string;
  partialMeta: string;
  lock: string;
  meta: string;
  key: 'sha256' | 'url';
}

/** `TEMPFS_MODELS_DIR`, else `$XDG_CACHE_HOME/tempfs/models`, else `~/.cache/tempfs/models`. */
export function resolveModelsDir(env: Record<string, string | undefined>): string {
  if (env.TEMPFS_MODELS_DIR) return env.TEMPFS_MODELS_DIR;
  return join(xdgCacheHome(env), 'tempfs', 'models');
}

export function modelPaths(spec: ModelSpec, cacheDir: string): ModelPaths {
  const key = spec.sha256 ? 'sha256' : 'url';
  const id = spec.sha256 ?? createHash('sha256').update(spec.url).digest('hex');
  const dir = join(cacheDir, key, id);
  const final = join(dir, spec.file);
  // The recipe layer already refuses such names; this keeps any other caller inside the cache too.
  if (dirname(final) !== dir) {
    throw new TempfsError('RECIPE_INVALID', `model ${spec.name}: file ${JSON.stringify(spec.file)} is not a plain file name`);
  }
  return {
    dir,
    final,
    partial: final + PARTIAL_SUFFIX,
    partialMeta: final + PARTIAL_META_SUFFIX,
    lock: final + LOCK_SUFFIX,
    meta: final + META_SUFFIX,
    key,
  };
}

/** The final path of a model in the cache, whether or not it has been downloaded. */
export function modelPath(spec: ModelSpec, cacheDir: string): string {
  return modelPaths(spec, cacheDir).final;
}
