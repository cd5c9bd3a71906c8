/**
 * The one cross-process lock: a file that exactly one caller creates. The content is
 * written to a temporary file first and hard-linked into place (`link` fails if the path
 * exists), so a reader never sees half of it. A claim whose holder is gone (the caller
 * decides from its content) is broken: moved aside under a unique name (one rename wins),
 * and put back if what was moved turns out to be a fresh claim taken meanwhile.
 * Used by the model cache's download lock and the monitor's session records.
 */
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Whether the holder of a claim with this content is gone. */
export type IsStale = (content: string) => Promise<boolean> | boolean;

/** `claimed`: `path` now holds `content`; `held`: a live holder has it. */
export async function claimFile(path: string, content: string, isStale: IsStale): Promise<'claimed' | 'held'> {
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    const temp = `${path}.${await unique()}.tmp`;
    await writeFile(temp, content, { mode: 0o600 });
    try {
      await link(temp, path);
      return 'claimed';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(temp).catch(() => {});
    }
    const existing = await readClaim(path);
    if (existing === null) continue; // released meanwhile: try again
    if (!(await isStale(existing))) return 'held';
    await breakClaim(path, existing);
  }
  return 'held';
}

/** The content of a claim, or null when there is none. */
export async function readClaim(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

async function breakClaim(path: string, stale: string): Promise<void> {
  const aside = `${path}.${await unique()}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else moved it
  }
  if ((await readClaim(aside)) !== stale) await link(aside, path).catch(() => {});
  await unlink(aside).catch(() => {});
}

/** A unique name part. node:crypto is imported here: readers of claims (`down`, `ps`) never load it (~7 ms). */
async function unique(): Promise<string> {
  const { randomUUID } = await import('node:crypto');
  return randomUUID();
}
