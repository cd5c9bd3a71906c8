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

interface Entry {
  mtimeMs: number;
  size: number;
  version: string;
}

/** `$XDG_CACHE_HOME/tempfs/engine-versions.json` (one entry per binary path). */
export function versionCacheFile(env: Env): string {
  return join(xdgCacheHome(env), 'tempfs', 'engine-versions.json');
}

/** The binary's identity, or null when it cannot be found (the real call then says why). */
export async function binaryIdentity(binary: string, env: Env): Promise<Identity | null> {
  const path = binary.includes('/') ? resolve(binary) : findOnPath(binary, env);
  if (path === null) return null;
  try {
    const s = await stat(path);
    return { path, mtimeMs: s.mtimeMs, size: s.size };
  } catch {
    return null;
  }
}

/**
 * `check()` once per binary identity: the version it resolves to is remembered in `file`,
 * and returned from there while the binary stays the same. A failing check is not kept.
 */
export async function cachedVersion(binary: string, env: Env, file: string, check: () => Promise<string>): Promise<string> {
  return remembered(await binaryIdentity(binary, env), file, check);
}

/**
 * Docker's answer is its daemon's, not its client's: remembered per daemon socket, as long
 * as it is the same socket (a restarted or upgraded daemon makes a new one: a new inode).
 */
export async function cachedDaemonVersion(socket: string, file: string, check: () => Promise<string>): Promise<string> {
  let id: Identity | null = null;
  try {
    const s = await stat(socket);
    if (s.isSocket()) id = { path: `socket ${socket}`, mtimeMs: s.mtimeMs, size: s.ino };
  } catch {
    // No socket there: the real call says what is wrong.
  }
  return remembered(id, file, check);
}

type Identity = { path: string; mtimeMs: number; size: number };

async function remembered(id: Identity | null, file: string, check: () => Promise<string>): Promise<string> {
  if (id === null) return check();
  const cache = (await readJson<Record<string, Entry>>(file)) ?? {};
  const hit = cache[id.path];
  if (hit && hit.mtimeMs === id.mtimeMs && hit.size === id.size && typeof hit.version === 'string') return hit.version;
  const version = await check();
  // Read again just before writing: another tempfs may have added its own binary meanwhile.
  const latest = (await readJson<Record<string, Entry>>(file)) ?? {};
  await writePrivateJson(file, { ...latest, [id.path]: { mtimeMs: id.mtimeMs, size: id.size, version } }).catch(() => {});
  return version;
}
