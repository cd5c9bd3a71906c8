/**
 * The engine's version, remembered: a `podman --version` or `docker version` is a whole
 * process (100-300 ms on a busy 2-core machine) beside the first steps of every `up`.
 * Podman's answer is kept under the binary's identity (its resolved path, mtime and size),
 * Docker's under its local daemon socket's (a restarted daemon makes a new one): an
 * upgrade changes the identity and asks again. Only an answer that passed the check is
 * kept. Best effort: an unreadable or unwritable cache is a miss, never an error.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readJson, writePrivateJson } from '../shared/json-file.js';
import { xdgCacheHome } from '../shared/xdg-paths.js';
import { findOnPath } from './select.js';

type Env = Record<string, string | undefined>;

/** What the answer is remembered under: `key` names the binary or socket, `stamp` changes with it. */
interface Identity {
  key: string;
  stamp: string;
}

interface Entry {
  stamp: string;
  version: string;
}

/** `$XDG_CACHE_HOME/tempfs/engine-versions.json` (one entry per binary path or daemon socket). */
export function versionCacheFile(env: Env): string {
  return join(xdgCacheHome(env), 'tempfs', 'engine-versions.json');
}

/**
 * `check()` once per binary identity (its resolved path, mtime and size): the version it
 * resolves to is remembered in `file`, and returned from there while the binary stays the
 * same. A failing check is not kept; a binary that cannot be found is asked each time.
 */
export async function cachedVersion(binary: string, env: Env, file: string, check: () => Promise<string>): Promise<string> {
  const path = binary.includes('/') ? resolve(binary) : findOnPath(binary, env);
  const s = path === null ? null : await stat(path).catch(() => null);
  return remembered(path && s ? { key: path, stamp: `${s.mtimeMs}:${s.size}` } : null, file, check);
}

/**
 * Docker's answer is its daemon's, not its client's: remembered per daemon socket, as long
 * as it is the same socket (a restarted or upgraded daemon makes a new one: a new inode).
 * No socket there: asked each time, and the real call says what is wrong.
 */
export async function cachedDaemonVersion(socket: string, file: string, check: () => Promise<string>): Promise<string> {
  const s = await stat(socket).catch(() => null);
  return remembered(s?.isSocket() ? { key: `socket ${socket}`, stamp: `${s.ino}:${s.mtimeMs}` } : null, file, check);
}

async function remembered(id: Identity | null, file: string, check: () => Promise<string>): Promise<string> {
  if (id === null) return check();
  const cache = (await readJson<Record<string, Entry>>(file)) ?? {};
  const hit = cache[id.key];
  if (hit && hit.stamp === id.stamp && typeof hit.version === 'string') return hit.version;
  const version = await check();
  // Read again just before writing: another tempfs may have added its own entry meanwhile.
  const latest = (await readJson<Record<string, Entry>>(file)) ?? {};
  await writePrivateJson(file, { ...latest, [id.key]: { stamp: id.stamp, version } }).catch(() => {});
  return version;
}
