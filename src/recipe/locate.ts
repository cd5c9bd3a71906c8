/** Which recipe files to load, and how to name them in messages. */
import { access } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TempfsError } from '../errors.js';

export const RECIPE_FILE = 'tempfs.yaml';

/** `-f` files resolved against cwd, or tempfs.yaml found in cwd or its nearest parent. */
export async function locateRecipeFiles(cwd: string, files: readonly string[] | undefined): Promise<string[]> {
  if (files && files.length > 0) {
    const paths = files.map((f) => resolve(cwd, f));
    await Promise.all(
      paths.map((path) =>
        // Only a missing path is "not found"; a loop or a permission problem is told when read.
        access(path).catch((cause: NodeJS.ErrnoException) => {
          if (cause.code !== 'ENOENT' && cause.code !== 'ENOTDIR') return;
          throw new TempfsError('RECIPE_NOT_FOUND', `recipe ${displayPath(cwd, path)} not found`, { cause });
        }),
      ),
    );
    return paths;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, RECIPE_FILE);
    if (await access(candidate).then(() => true, () => false)) return [candidate];
    if (dirname(dir) === dir) break;
  }
  throw new TempfsError('RECIPE_NOT_FOUND', `no ${RECIPE_FILE} in ${cwd} or its parents`, {
    hint: `create one, or name a recipe with -f (e.g. -f recipes/ubuntu.yaml)`,
  });
}

/** A path as the user would type it: relative to cwd when inside it, else absolute. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`) ? rel : path;
}
