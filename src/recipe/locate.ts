/** Which recipe files to load, and how to name them in messages. */
import { access } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TempfsError } from '../errors.js';

export const RECIPE_FILE = 'tempfs.yaml';

/** Compose's file names, looked up (in this order) where no tempfs.yaml is. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/**
 * The files to load: `-f` files, else TEMPFS_FILE, else COMPOSE_FILE (each a list split
 * by COMPOSE_PATH_SEPARATOR, default `:`), resolved against cwd; else, in cwd or its
 * nearest parent, tempfs.yaml or the first Compose file name there, with its
 * `.override` sibling when present (as Compose reads compose.override.yaml).
 */
export async function locateRecipeFiles(cwd: string, files: readonly string[] | undefined, env: Record<string, string | undefined> = {}): Promise<string[]> {
  const fromEnv = env.TEMPFS_FILE || env.COMPOSE_FILE;
  const named = files && files.length > 0 ? files : fromEnv ? fromEnv.split(env.COMPOSE_PATH_SEPARATOR || ':').filter(Boolean) : [];
  if (named.length > 0) {
    const paths = named.map((f) => resolve(cwd, f));
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
    for (const name of [RECIPE_FILE, ...COMPOSE_FILES]) {
      const candidate = join(dir, name);
      if (!(await exists(candidate))) continue;
      if (name === RECIPE_FILE) return [candidate];
      const dot = name.lastIndexOf('.');
      const override = join(dir, `${name.slice(0, dot)}.override${name.slice(dot)}`);
      return (await exists(override)) ? [candidate, override] : [candidate];
    }
    if (dirname(dir) === dir) break;
  }
  throw new TempfsError('RECIPE_NOT_FOUND', `no ${RECIPE_FILE} (or compose.yaml) in ${cwd} or its parents`, {
    hint: `create one, or name a recipe with -f (e.g. -f recipes/ubuntu.yaml)`,
  });
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** A path as the user would type it: relative to cwd when inside it, else absolute. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`) ? rel : path;
}
