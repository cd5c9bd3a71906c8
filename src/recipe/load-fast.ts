/**
 * The fast path for the common case (a valid recipe, no warnings): js-yaml's event stream
 * instead of `yaml`'s position-keeping parser, then the same interpolation, merge, schema,
 * normalisation and checks as the exact path. It has no positions, so it only answers when
 * it can answer exactly as the exact path would: on any error, any warning or any doubt
 * about the YAML it gives up (null) and the caller runs the exact path, which produces the
 * message with its file:line:col. Any other exception is a bug here and is thrown as is.
 */
import { dirname, resolve } from 'node:path';
import { TempfsError } from '../errors.js';
import { buildProject } from './build-project.js';
import { alignRoots } from './compose-root.js';
import { readEnvFiles } from './env-files.js';
import { FastPathMiss, readYamlFast, Template, type FastDocument } from './fast-yaml.js';
import { InterpolationProblem, interpolate } from './interpolate.js';
import { displayPath } from './locate.js';
import type { LoadOptions, LoadResult, RecipeSources } from './load-options.js';
import { mergeDocuments } from './merge.js';
import type { RecipeWarning } from './model.js';
import { PositionTable } from './positions.js';
import { lastName, nameAndLookup } from './project-lookup.js';
import { retype } from './retype.js';

/** The loaded project, or null when the exact path must decide (errors, warnings, doubt). */
export async function loadFast(options: LoadOptions, { files, texts }: RecipeSources): Promise<LoadResult | null> {
  if (options.interpolate === false) return null; // `config --no-interpolate` keeps `${VAR}` text: exact path
  try {
    const env = options.env ?? process.env;
    const display = (path: string) => displayPath(options.cwd, path);
    const dir = dirname(files[0]!);
    const docs = texts.map(readYamlFast);
    const fileEnv = await interpolationEnv(docs, options, dir, (name) => env[name]);
    const names = docs.map((d) => (isMap(d.data) ? d.data.name : undefined)).map((n) => (n instanceof Template ? n.text : n));
    const { name, lookup } = nameAndLookup(options, (key) => env[key] ?? fileEnv[key], lastName(names), dir);
    const table = new PositionTable();
    const data = alignRoots(docs.map((d) => interpolated(d.data, lookup)), table).reduce((base, next) => mergeDocuments(base, next, table));
    const warnings: RecipeWarning[] = [];
    const project = await buildProject(data, { options, files, dir, display, lookup, table, warnings, name });
    return warnings.length === 0 ? { project, warnings, document: data } : null;
  } catch (e) {
    // "Not mine" (FastPathMiss) and recipe or interpolation errors go to the exact path, which words them with
    // their file:line:col. Anything else is a bug of this path and surfaces as one.
    if (e instanceof FastPathMiss || e instanceof TempfsError || e instanceof InterpolationProblem) return null;
    throw e;
  }
}

/** A fresh copy of `raw` with every Template substituted; an unset variable or a bad `$` is a miss. */
export function interpolated(raw: unknown, lookup: (name: string) => string | undefined): unknown {
  if (raw instanceof Template) {
    const result = interpolate(raw.text, lookup);
    if (result.unset.length > 0) throw new FastPathMiss('unset variable (a warning)');
    return raw.plain ? retype(result.value) : result.value;
  }
  if (Array.isArray(raw)) return raw.map((item) => interpolated(item, lookup));
  if (typeof raw !== 'object' || raw === null) return raw;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) out[key] = interpolated(value, lookup);
  return out;
}

/** As the exact path's interpolationEnv, over the fast documents' raw (uninterpolated) values. */
async function interpolationEnv(docs: FastDocument[], options: LoadOptions, dir: string, shell: (name: string) => string | undefined): Promise<Record<string, string>> {
  if (options.envFiles?.length) return readEnvFiles(options.envFiles.map((f) => resolve(options.cwd, f)), { lookup: shell });
  // A `<<` at the top could bring env_file in a way the exact path does not see.
  if (docs.some((d) => d.rootMerged)) throw new FastPathMiss('merge key at the top level');
  const declared = docs.findLast((d) => isMap(d.data) && Object.hasOwn(d.data, 'env_file'));
  if (!declared) return readEnvFiles([resolve(dir, '.env')], { optional: true, lookup: shell });
  // The exact path refuses aliases here, which the fast reader has already resolved.
  if (declared.aliases) throw new FastPathMiss('aliases near env_file');
  const value = (declared.data as Record<string, unknown>).env_file;
  const items = Array.isArray(value) ? value : [value];
  const paths = items.map((item) => (item instanceof Template ? item.text : typeof item === 'string' ? item : null));
  if (paths.length === 0 || paths.some((p) => p === null)) throw new FastPathMiss('env_file is not a list of names');
  return readEnvFiles(paths.map((p) => resolve(dir, p!)), { lookup: shell });
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Template);
}
