/**
 * Monitor logs are kept for a while to explain what a monitor did, then pruned: at every
 * monitor start, logs older than 7 days go, and only the newest 200 stay.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const LOG_MAX_AGE_MS = 7 * 24 * 3_600_000;
export const LOG_MAX_COUNT = 200;

/** Removes old monitor logs from `dir`; never throws (pruning is housekeeping). */
export async function pruneMonitorLogs(dir: string, now = Date.now()): Promise<string[]> {
  try {
    const names = (await readdir(dir)).filter((n) => n.endsWith('.log'));
    const files = await Promise.all(
      names.map(async (name) => ({ path: join(dir, name), mtime: (await stat(join(dir, name)).catch(() => null))?.mtimeMs ?? now })),
    );
    files.sort((a, b) => b.mtime - a.mtime);
    const old = files.filter((f, i) => i >= LOG_MAX_COUNT || now - f.mtime > LOG_MAX_AGE_MS).map((f) => f.path);
    await Promise.all(old.map((path) => rm(path, { force: true })));
    return old;
  } catch {
    return [];
  }
}
