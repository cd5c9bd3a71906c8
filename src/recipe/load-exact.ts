/**
 * The exact path: parse with positions (the `yaml` package), interpolate, merge, then build.
 * Every error and warning carries file:line:col. Loaded only when the fast path
 * (load-fast.ts) cannot vouch for the input, so `yaml` stays off the common start-up.
 */
import { dirname, resolve } from 'node:path';
import { isScalar, isSeq, type Node } from 'yaml';
import { TempfsError } from '../errors.js';
import { buildProject } from './build-project.js';
import { alignRoots } from './compose-root.js';
import { readEnvFiles } from './env-files.js';
import { displayPath } from './locate.js';
import type { LoadOptions, LoadResult, RecipeSources } from './load-options.js';
import { mergeDocuments } from './merge.js';
import { unwrapTags } from './merge-tags.js';
import type { RecipeWarning } from './model.js';
import { readYaml, toData, type ParsedYaml } from './parse.js';
import { PositionTable } from './positions.js';
import { lastName, nameAndLookup } from './project-lookup.js';

export async function loadExact(options: LoadOptions, { files, texts }: RecipeSources): Promise<LoadResult> {
  const env = options.env ?? process.env;
  const display = (path: string) => displayPath(options.cwd, path);
  const dir = dirname(files[0]!);
  const parsed = files.map((f, i) => readYaml(texts[i]!, display(f)));

  const fileEnv = await interpolationEnv(parsed, options, dir, display, (name) => env[name]);
  const names = parsed.map((p) => p.doc.get('name'));
  const { name, lookup } = nameAndLookup(options, (key) => env[key] ?? fileEnv[key], lastName(names), dir);
  const warnings: RecipeWarning[] = [];
  const table = new PositionTable();
  const lenient = options.interpolate === false;
  const merged = (docs: unknown[]) => unwrapTags(alignRoots(docs, table).reduce((base, next) => mergeDocuments(base, next, table)), table);
  const data = merged(parsed.map((p) => toData(p, { table, warnings, lookup, lenient })));
  const document = lenient ? merged(parsed.map((p) => toData(p, { table, warnings: [] }))) : data;

  const project = await buildProject(data, { options, files, dir, display, lookup, table, warnings, name });
  return { project, warnings, document };
}

/**
 * Variables from env files, for interpolation: `--env-file` when given, else the recipe's
 * top-level `env_file` (read before interpolation; later files' key replaces earlier),
 * else `.env` beside the first recipe when it exists (as Compose does).
 */
async function interpolationEnv(parsed: ParsedYaml[], options: LoadOptions, dir: string, display: (p: string) => string, shell: (name: string) => string | undefined): Promise<Record<string, string>> {
  if (options.envFiles?.length) return readEnvFiles(options.envFiles.map((f) => resolve(options.cwd, f)), { display, lookup: shell });
  const declared = parsed.findLast((p) => p.doc.has('env_file'));
  if (!declared) return readEnvFiles([resolve(dir, '.env')], { optional: true, display, lookup: shell });
  const node = declared.doc.get('env_file', true) as Node | undefined;
  const items: Node[] = isSeq(node) ? (node.items as Node[]) : node ? [node] : [];
  const paths = items.map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value : null));
  if (paths.some((p) => p === null) || paths.length === 0) {
    throw new TempfsError('RECIPE_INVALID', 'env_file: must be a file name or a list of file names', { at: declared.at(node?.range?.[0]) });
  }
  return readEnvFiles(
    paths.map((p) => resolve(dir, p!)),
    { display, at: (i) => declared.at(items[i]?.range?.[0]), lookup: shell },
  );
}
