/**
 * A cross-process lock on one model: `open(<file>.lock, 'wx')` succeeds for exactly one
 * caller, in this process or another. The file holds the holder's pid and host; a lock
 * whose pid is dead on this host is stale and is broken. Waiters poll (a few times a
 * second is plenty next to a download that takes minutes).
 */
import { open, readFile, rename, unlink, link } from 'node:fs/promises';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LockInfo {
  pid: number;
  host: string;
  at: string;
}

export interface LockOptions {
  signal?: AbortSignal;
  /** Called once when the lock is held by someone else and we start waiting. */
  onWait?: (holder: LockInfo | null) => void;
  pollMs?: number;
}

export type Release = () => Promise<void>;

export async function acquireLock(path: string, opts: LockOptions = {}): Promise<Release> {
  const me: LockInfo = { pid: process.pid, host: hostname(), at: new Date().toISOString() };
  let waited = false;
  for (;;) {
    opts.signal?.throwIfAborted();
    if (await tryCreate(path, me)) return () => unlink(path).catch(() => {});
    const holder = await readLock(path);
    if (holder && isStale(holder)) {
      await breakLock(path, holder);
      continue;
    }
    if (!waited) {
      waited = true;
      opts.onWait?.(holder);
    }
    await sleep(opts.pollMs ?? 150, undefined, { signal: opts.signal });
  }
}

async function tryCreate(path: string, info: LockInfo): Promise<boolean> {
  try {
    const fh = await open(path, 'wx');
    try {
      await fh.writeFile(JSON.stringify(info));
    } finally {
      await fh.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

export async function readLock(path: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await readFile(path, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    // Gone, or caught between open and write: treat as held, look again next poll.
    return null;
  }
}

export function isStale(info: LockInfo): boolean {
  if (info.host !== hostname()) return false; // cannot see another machine's processes
  try {
    process.kill(info.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Two waiters may both find the same stale lock. Each moves it aside under a unique
 * name first (only one rename wins per file); if what it moved turns out to be a fresh
 * lock taken meanwhile by someone else, it puts it back.
 */
async function breakLock(path: string, stale: LockInfo): Promise<void> {
  const aside = `${path}.${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else moved it
  }
  const moved = await readLock(aside);
  if (moved && (moved.pid !== stale.pid || moved.at !== stale.at)) {
    await link(aside, path).catch(() => {});
  }
  await unlink(aside).catch(() => {});
}
