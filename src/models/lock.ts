/**
 * A cross-process lock on one model: a claim on `<file>.lock` (shared/file-claim.ts)
 * succeeds for exactly one caller, in this process or another. The file holds the holder's pid and host; a lock
 * whose pid is dead on this host is stale and is broken. Waiters poll (a few times a
 * second is plenty next to a download that takes minutes).
 */
import { unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { claimFile, readClaim } from '../shared/file-claim.js';

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
    const claim = await claimFile(path, JSON.stringify(me), (text) => {
      const holder = parseLock(text);
      return holder !== null && isStale(holder);
    });
    if (claim === 'claimed') return () => unlink(path).catch(() => {});
    if (!waited) {
      waited = true;
      opts.onWait?.(await readLock(path));
    }
    await sleep(opts.pollMs ?? 150, undefined, { signal: opts.signal });
  }
}

export async function readLock(path: string): Promise<LockInfo | null> {
  return parseLock(await readClaim(path));
}

function parseLock(text: string | null): LockInfo | null {
  try {
    const info = JSON.parse(text ?? '') as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
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
