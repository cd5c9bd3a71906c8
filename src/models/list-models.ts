/** What the cache holds: finished models and interrupted downloads. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AUX_SUFFIXES, META_SUFFIX, PARTIAL_SUFFIX } from './cache-layout.js';
import { readModelMeta } from './model-meta.js';

export interface CachedModel {
  /** The model name recorded at download time; null when unknown. */
  name: string | null;
  file: string;
  /** The final path (for an interrupted download: where it will land). */
  path: string;
  /** On disk: the file's size, or how much of it a partial holds. */
  bytes: number;
  sha256: string | null;
  url: string | null;
  key: 'sha256' | 'url';
  fetchedAt: string | null;
  /** false: only a `.partial` exists (an interrupted or running download). */
  complete: boolean;
}

export async function listModels(cacheDir: string): Promise<CachedModel[]> {
  const out: CachedModel[] = [];
  for (const key of ['sha256', 'url'] as const) {
    for (const id of await names(join(cacheDir, key))) {
      const dir = join(cacheDir, key, id);
      for (const entry of await names(dir)) {
        const isPartial = entry.endsWith(PARTIAL_SUFFIX);
        if (!isPartial && AUX_SUFFIXES.some((s) => entry.endsWith(s))) continue;
        const file = isPartial ? entry.slice(0, -PARTIAL_SUFFIX.length) : entry;
        if (isPartial && (await names(dir)).includes(file)) continue;
        const st = await stat(join(dir, entry)).catch(() => null);
        if (!st?.isFile()) continue;
        const path = join(dir, file);
        const meta = isPartial ? null : await readModelMeta(path + META_SUFFIX);
        out.push({
          name: meta?.name ?? null,
          file,
          path,
          bytes: st.size,
          sha256: key === 'sha256' ? id : (meta?.sha256 ?? null),
          url: meta?.url ?? null,
          key,
          fetchedAt: meta?.fetchedAt ?? null,
          complete: !isPartial,
        });
      }
    }
  }
  return out.sort((a, b) => (a.name ?? a.file).localeCompare(b.name ?? b.file) || a.path.localeCompare(b.path));
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}
