/**
 * The recipe layer: find the files, parse them, interpolate, merge, validate against the
 * schema, normalise, check meaning, apply profiles.
 *
 * Two paths give the same Project. The fast one (load-fast.ts, js-yaml's event stream, no
 * positions) serves the common case — a valid recipe without warnings — in a few ms. The
 * exact one (load-exact.ts, the `yaml` package with positions) runs whenever the fast one
 * declines: every error and warning comes from it, with its file:line:col.
 */
import { displayPath, locateRecipeFiles } from './locate.js';
import { readTextFile } from './read-text.js';
import { TempfsError } from '../errors.js';
import { loadFast } from './load-fast.js';
import type { LoadOptions, LoadResult } from './load-options.js';

export type * from './model.js';
export type { LoadOptions, LoadResult } from './load-options.js';

export async function loadProject(options: LoadOptions): Promise<LoadResult> {
  const files = await locateRecipeFiles(options.cwd, options.files, options.env ?? process.env);
  const texts = await Promise.all(
    files.map(async (f) => {
      const what = `recipe ${displayPath(options.cwd, f)}`;
      const text = await readTextFile(f, { what, code: 'RECIPE_NOT_FOUND' });
      // Only comments and blank lines: say so with the file's name (Compose refuses it too).
      if (text.split('\n').every((line) => /^\s*(#.*)?$/.test(line))) throw new TempfsError('RECIPE_INVALID', `${what} is empty`, { hint: 'a recipe needs at least containers:' });
      return text;
    }),
  );
  const sources = { files, texts };
  const fast = await loadFast(options, sources);
  if (fast) return fast;
  // Only now: the position-keeping parser and its pipeline (its own bundle chunk).
  const { loadExact } = await import('./load-exact.js');
  return loadExact(options, sources);
}
