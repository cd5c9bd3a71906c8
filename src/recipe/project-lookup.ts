/**
 * The project name and the interpolation lookup, decided together as Compose does: the
 * name first (from -p, the environment, the files' `name:` interpolated without it, or the
 * folder), then offered to interpolation as COMPOSE_PROJECT_NAME when that is not set.
 */
import { interpolate } from './interpolate.js';
import type { LoadOptions } from './load-options.js';
import { projectName } from './project-name.js';

export function nameAndLookup(
  options: LoadOptions,
  base: (name: string) => string | undefined,
  rawName: string | undefined,
  dir: string,
): { name: string; lookup: (name: string) => string | undefined } {
  let recipe = rawName;
  if (recipe?.includes('$')) {
    try {
      recipe = interpolate(recipe, base).value;
    } catch {
      recipe = undefined; // the full interpolation reports it, with its position
    }
  }
  const name = projectName({ flag: options.projectName, lookup: base, recipe, dir });
  return { name, lookup: (key) => base(key) ?? (key === 'COMPOSE_PROJECT_NAME' ? name : undefined) };
}

/** The last non-empty top-level `name:` text among the files (before interpolation). */
export function lastName(texts: readonly unknown[]): string | undefined {
  return texts.filter((t): t is string => typeof t === 'string' && t !== '').at(-1);
}
