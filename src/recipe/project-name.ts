/** The project name: `-p` > TEMPFS_PROJECT_NAME > `name:` > the recipe folder's name. */
import { basename } from 'node:path';
import { TempfsError } from '../errors.js';

export interface NameSources {
  flag?: string;
  env?: string;
  recipe?: string;
  dir: string;
}

export function projectName(sources: NameSources): string {
  // `-p ''` is a mistake to report, not a missing flag.
  const [raw, from] = sources.flag !== undefined
    ? [sources.flag, '-p']
    : sources.env
      ? [sources.env, 'TEMPFS_PROJECT_NAME']
      : sources.recipe
        ? [sources.recipe, 'name:']
        : [basename(sources.dir), 'the recipe folder'];
  const name = normaliseName(raw);
  if (!name) {
    throw new TempfsError('RECIPE_INVALID', `project name ${JSON.stringify(raw)} (from ${from}) has no usable character`, {
      hint: 'use lower-case letters, digits, "_" and "-", e.g. -p my-project',
    });
  }
  return name;
}

/** Lower-case; other characters become "-" (runs collapse); must start with a letter or digit. */
export function normaliseName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
}
