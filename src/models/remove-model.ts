/** Delete a model from the cache, with its metadata and any partial download. */
import { readdir, rmdir } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { TempfsError } from '../errors.js';
import { LOCK_SUFFIX, META_SUFFIX, PARTIAL_META_SUFFIX, PARTIAL_SUFFIX } from './cache-layout.js';
import { listModels, type CachedModel } from './list-models.js';
import { isStale, readLock } from './lock.js';
import { removeQuietly } from './partial.js';

/**
 * `nameOrPath`: a path inside the cache (the final path, as `models path` prints it), or a
 * model name / file name recorded in the cache. Every match is removed; none is NOT_FOUND.
 */
export async function removeModel(cacheDir: string, nameOrPath: string): Promise<CachedModel[]> {
  const all = await listModels(cacheDir);
  const byPath = nameOrPath.includes('/') || isAbsolute(nameOrPath);
  const target = byPath ? resolve(nameOrPath) : null;
  if (target && relative(resolve(cacheDir), target).startsWith('..')) {
    throw new TempfsError('USAGE', `${nameOrPath} is not inside the model cache ${cacheDir}`);
  }
  const matches = all.filter((m) => (target ? m.path === target : m.name === nameOrPath || m.file === nameOrPath));
  if (matches.length === 0) {
    throw new TempfsError('NOT_FOUND', `no cached model ${nameOrPath} in ${cacheDir}`, {
      hint: 'See `tempfs models ls`.',
    });
  }
  for (const m of matches) {
    const holder = await readLock(m.path + LOCK_SUFFIX);
    if (holder && !isStale(holder)) {
      throw new TempfsError('MODEL_DOWNLOAD', `model ${m.name ?? m.file} is being downloaded by pid ${holder.pid}`, {
        hint: 'Wait for the download to finish or stop it first.',
      });
    }
  }
  for (const m of matches) {
    const suffixes = ['', META_SUFFIX, PARTIAL_SUFFIX, PARTIAL_META_SUFFIX, LOCK_SUFFIX];
    await removeQuietly(...suffixes.map((s) => m.path + s));
    const dir = dirname(m.path);
    if ((await readdir(dir).catch(() => ['?'])).length === 0) await rmdir(dir).catch(() => {});
  }
  return matches;
}
