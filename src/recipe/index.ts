/**
 * The recipe layer: find the files, parse them with positions, interpolate, merge,
 * validate against the schema, normalise, check meaning, apply profiles.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isScalar, isSeq, type Node } from 'yaml';
import { TempfsError } from '../errors.js';
import { BUILTIN_ROLES, checkHostPorts, checkReferences, warnUnknownRoles } from './checks.js';
import { readEnvFiles } from './env-files.js';
import { failAt } from './fail.js';
import { displayPath, locateRecipeFiles } from './locate.js';
import { mergeDocuments } from './merge.js';
import type { Project, RecipeWarning } from './model.js';
import { normaliseProject } from './normalise-project.js';
import { readYaml, toData, type ParsedYaml } from './parse.js';
import { PositionTable } from './positions.js';
import { enabledContainers } from './profiles.js';
import { projectName } from './project-name.js';
import type { RawRecipe } from './raw.js';
import { didYouMean } from './suggest.js';
import { validateRecipe } from './validate.js';

export type * from './model.js';

export interface LoadOptions {
  /** Where to look for tempfs.yaml (then parents); relative paths of flags resolve here. */
  cwd: string;
  /** -f, in order; later override earlier key by key. */
  files?: string[];
  /** -p */
  projectName?: string;
  /** --env-file (replace the project's env_file for interpolation). */
  envFiles?: string[];
  /** --profile */
  profiles?: string[];
  /** Containers named on the command line: enabled whatever their profiles. */
  services?: string[];
  /** The shell environment (default process.env). */
  env?: Record<string, string | undefined>;
  /** Default true; false = `config --no-interpolate`. */
  interpolate?: boolean;
}

export interface LoadResult {
  project: Project;
  warnings: RecipeWarning[];
  /**
   * The merged recipe document before normalisation. With `interpolate: false` its values
   * keep their `${VAR}` references (what `config --no-interpolate` prints, as Compose does),
   * while `project` is still built from interpolated values so numbers, ports and sizes
   * hold real values (an unset `${VAR:?}` is then a warning, not an error).
   */
  document: unknown;
}

export async function loadProject(options: LoadOptions): Promise<LoadResult> {
  const env = options.env ?? process.env;
  const display = (path: string) => displayPath(options.cwd, path);
  const files = await locateRecipeFiles(options.cwd, options.files);
  const dir = dirname(files[0]!);
  const parsed = await Promise.all(files.map(async (f) => readYaml(await readFile(f, 'utf8'), display(f))));

  const fileEnv = await interpolationEnv(parsed, options, dir, display);
  const lookup = (name: string) => env[name] ?? fileEnv[name];
  const warnings: RecipeWarning[] = [];
  const table = new PositionTable();
  const lenient = options.interpolate === false;
  const merged = (docs: unknown[]) => docs.slice(1).reduce((base, next) => mergeDocuments(base, next, table), docs[0]);
  const data = merged(parsed.map((p) => toData(p, { table, warnings, lookup, lenient })));
  const document = lenient ? merged(parsed.map((p) => toData(p, { table, warnings: [] }))) : data;

  await validateRecipe(data, table);
  const raw = data as RawRecipe;
  const fail = failAt(data, table);
  const base = await normaliseProject(raw, { dir, fail, at: (path) => table.find(data, path), display, lookup });
  checkReferences(raw, base, base.containers, fail);

  const profiles = options.profiles?.length ? options.profiles : splitList(env.TEMPFS_PROFILES);
  const services = options.services ?? [];
  for (const name of services) {
    if (!base.containers[name]) {
      throw new TempfsError('USAGE', `no container ${JSON.stringify(name)} in this recipe${didYouMean(name, Object.keys(base.containers))}`);
    }
  }
  const on = enabledContainers(base.containers, profiles, services);
  const containers = Object.fromEntries(Object.entries(base.containers).filter(([name]) => on.has(name)));
  checkHostPorts(containers, fail);
  const roles = new Set<string>([...BUILTIN_ROLES, ...base.yaml_commands.flatMap((c) => c.roles)]);
  warnUnknownRoles(containers, roles, table, data, warnings);

  const name = projectName({ flag: options.projectName, env: lookup('TEMPFS_PROJECT_NAME'), recipe: raw.name, dir });
  return { project: { name, files, ...base, containers, profiles }, warnings, document };
}

/**
 * Variables from env files, for interpolation: `--env-file` when given, else the recipe's
 * top-level `env_file` (read before interpolation; later files' key replaces earlier),
 * else `.env` beside the first recipe when it exists (as Compose does).
 */
async function interpolationEnv(parsed: ParsedYaml[], options: LoadOptions, dir: string, display: (p: string) => string): Promise<Record<string, string>> {
  if (options.envFiles?.length) return readEnvFiles(options.envFiles.map((f) => resolve(options.cwd, f)), { display });
  const declared = parsed.findLast((p) => p.doc.has('env_file'));
  if (!declared) return readEnvFiles([resolve(dir, '.env')], { optional: true });
  const node = declared.doc.get('env_file', true) as Node | undefined;
  const items: Node[] = isSeq(node) ? (node.items as Node[]) : node ? [node] : [];
  const paths = items.map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value : null));
  if (paths.some((p) => p === null) || paths.length === 0) {
    throw new TempfsError('RECIPE_INVALID', 'env_file: must be a file name or a list of file names', { at: declared.at(node?.range?.[0]) });
  }
  return readEnvFiles(
    paths.map((p) => resolve(dir, p!)),
    { display, at: (i) => declared.at(items[i]?.range?.[0]) },
  );
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
