// Runs the fast and the exact loading paths on the same files, for equivalence tests.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateRecipeFiles } from '../../../src/recipe/locate.js';
import { loadExact } from '../../../src/recipe/load-exact.js';
import { loadFast } from '../../../src/recipe/load-fast.js';
import type { LoadOptions, LoadResult } from '../../../src/recipe/load-options.js';
import { tempDir } from '../../helpers/temp-dir.js';

export interface BothPaths {
  /** null: the fast path declined (the exact path decides). */
  fast: LoadResult | null;
  /** The exact path's result, or what it threw. */
  exact: LoadResult | Error;
}

export async function bothPaths(options: LoadOptions): Promise<BothPaths> {
  const files = await locateRecipeFiles(options.cwd, options.files);
  const sources = { files, texts: files.map((f) => readFileSync(f, 'utf8')) };
  const fast = await loadFast(options, sources);
  const exact = await loadExact(options, sources).catch((e: Error) => e);
  return { fast, exact };
}

/** A folder holding `tempfs.yaml` with `text` (and any extra files), for one case. */
export function recipeDir(text: string, extra: Record<string, string> = {}): string {
  const dir = tempDir('tempfs-fast-path-');
  writeFileSync(join(dir, 'tempfs.yaml'), text);
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content);
  return dir;
}
