/**
 * The project name, as Compose decides it: `-p` > TEMPFS_PROJECT_NAME > COMPOSE_PROJECT_NAME
 * (each must already be a valid name, or it is an error) > the files' `name:` (the last one
 * given; normalised) > the first recipe's folder name (normalised).
 */
import { basename } from 'node:path';
import { TempfsError } from '../errors.js';

export interface NameSources {
  flag?: string;
  /** TEMPFS_PROJECT_NAME, then COMPOSE_PROJECT_NAME (shell, then env files). */
  lookup: (name: string) => string | undefined;
  /** The files' `name:` (interpolated); undefined when none gives one. */
  recipe?: string;
  dir: string;
}

const VALID = /^[a-z0-9][a-z0-9_-]*$/;

export function projectName(sources: NameSources): string {
  const imperative: [string | undefined, string][] = [
    [sources.flag, '-p'],
    [sources.lookup('TEMPFS_PROJECT_NAME'), 'TEMPFS_PROJECT_NAME'],
    [sources.lookup('COMPOSE_PROJECT_NAME'), 'COMPOSE_PROJECT_NAME'],
  ];
  for (const [value, from] of imperative) {
    // Empty is unset, `-p ''` included (compose-go: the name then comes from the files or the folder).
    if (!value) continue;
    if (VALID.test(value)) return value;
    throw new TempfsError('USAGE', `invalid project name ${JSON.stringify(value)} (from ${from}): it must contain only lower-case letters, digits, "_" and "-", and start with a letter or digit`, {
      hint: `e.g. ${normaliseName(value) || 'my-project'}`,
    });
  }
  const name = normaliseName(sources.recipe ?? '') || normaliseName(basename(sources.dir));
  if (!name) {
    throw new TempfsError('RECIPE_INVALID', 'project name must not be empty: the recipe folder\'s name has no usable character', {
      hint: 'set name: in the recipe, or use -p my-project',
    });
  }
  return name;
}

/** As compose-go: lower-case, drop every character but `a-z0-9_-`, then leading `_` and `-`. */
export function normaliseName(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}
