/**
 * `tempfs models ls|pull|rm|path`: the host model cache. Names come from the loaded
 * recipe when there is one; the cache itself also remembers the name each model was
 * downloaded under, so `ls` and `rm` work outside a project too.
 *
 * Exit codes: 0 done; `path` returns 1 when the model is not downloaded yet (the path is
 * still printed: it is where `pull` will put it). Failures are thrown as TempfsError.
 */
import { existsSync } from 'node:fs';
import { TempfsError } from '../errors.js';
import {
  ensureModel, listModels, modelPath, removeModel, resolveModelsDir, type CachedModel,
} from '../models/index.js';
import type { ModelSpec, Project } from '../recipe/model.js';
import { formatBytes } from '../ui/format.js';
import { formatTable, printJson } from '../ui/print.js';
import type { CommandContext } from './context.js';

export interface ModelsOptions {
  json?: boolean;
}

interface ModelRow {
  name: string | null;
  file: string;
  status: 'cached' | 'partial' | 'missing';
  bytes: number | null;
  sha256: string | null;
  url: string | null;
  path: string;
}

export async function modelsCommand(
  ctx: CommandContext,
  project: Project | null,
  sub: string,
  args: string[],
  opts: ModelsOptions,
): Promise<number> {
  const cacheDir = resolveModelsDir(ctx.env);
  switch (sub) {
    case 'ls':
      return listCommand(ctx, project, cacheDir, opts);
    case 'pull':
      return pullCommand(ctx, project, cacheDir, args, opts);
    case 'rm':
      return removeCommand(ctx, project, cacheDir, args, opts);
    case 'path':
      return pathCommand(ctx, project, cacheDir, args);
    default:
      throw new TempfsError('USAGE', `unknown models command "${sub}"`, { hint: 'Use one of: ls, pull, rm, path.' });
  }
}

async function listCommand(ctx: CommandContext, project: Project | null, cacheDir: string, opts: ModelsOptions): Promise<number> {
  const rows = await modelRows(project, cacheDir);
  if (opts.json) {
    printJson(ctx.stdout, rows);
    return 0;
  }
  const table = rows.map((r) => [
    r.name ?? '-',
    r.file,
    r.status,
    r.bytes === null ? '-' : formatBytes(r.bytes),
    r.sha256 ? r.sha256.slice(0, 12) : '-',
    r.path,
  ]);
  ctx.stdout.write(formatTable(['NAME', 'FILE', 'STATUS', 'SIZE', 'SHA256', 'PATH'], table));
  return 0;
}

/** The cache's content, named after the recipe's models, plus the recipe's models not yet pulled. */
export async function modelRows(project: Project | null, cacheDir: string): Promise<ModelRow[]> {
  const specs = Object.values(project?.models ?? {});
  const byPath = new Map(specs.map((s) => [modelPath(s, cacheDir), s]));
  const cached = await listModels(cacheDir);
  const rows: ModelRow[] = cached.map((m: CachedModel) => ({
    name: byPath.get(m.path)?.name ?? m.name,
    file: m.file,
    status: m.complete ? 'cached' : 'partial',
    bytes: m.bytes,
    sha256: m.sha256,
    url: m.url ?? byPath.get(m.path)?.url ?? null,
    path: m.path,
  }));
  const seen = new Set(cached.map((m) => m.path));
  for (const [path, s] of byPath) {
    if (!seen.has(path)) rows.push({ name: s.name, file: s.file, status: 'missing', bytes: null, sha256: s.sha256, url: s.url, path });
  }
  return rows;
}

async function pullCommand(
  ctx: CommandContext,
  project: Project | null,
  cacheDir: string,
  names: string[],
  opts: ModelsOptions,
): Promise<number> {
  const specs = names.length > 0 ? names.map((n) => projectModel(project, n)) : Object.values(requireProject(project).models);
  const results = [];
  for (const spec of specs) {
    const r = await ensureModel(spec, { cacheDir, signal: ctx.signal, onProgress: ctx.events, env: ctx.env });
    results.push({ name: spec.name, ...r });
    if (!opts.json) ctx.stdout.write(`${spec.name}: ${r.path} (${r.cached ? 'cached' : 'downloaded'}, ${formatBytes(r.bytes)})\n`);
  }
  if (opts.json) printJson(ctx.stdout, results);
  else if (specs.length === 0) ctx.stdout.write('this project declares no models\n');
  return 0;
}

async function removeCommand(
  ctx: CommandContext,
  project: Project | null,
  cacheDir: string,
  targets: string[],
  opts: ModelsOptions,
): Promise<number> {
  if (targets.length === 0) throw new TempfsError('USAGE', 'models rm needs a model name or path');
  const removed: CachedModel[] = [];
  for (const target of targets) {
    const spec = project?.models[target];
    removed.push(...(await removeModel(cacheDir, spec ? modelPath(spec, cacheDir) : target)));
  }
  if (opts.json) printJson(ctx.stdout, removed);
  else for (const m of removed) ctx.stdout.write(`removed ${m.path}\n`);
  return 0;
}

async function pathCommand(ctx: CommandContext, project: Project | null, cacheDir: string, args: string[]): Promise<number> {
  if (args.length !== 1) throw new TempfsError('USAGE', 'models path needs exactly one model name');
  const name = args[0]!;
  const spec = project?.models[name];
  const path = spec ? modelPath(spec, cacheDir) : (await listModels(cacheDir)).find((m) => m.complete && m.name === name)?.path;
  if (!path) throw unknownModel(project, name);
  ctx.stdout.write(`${path}\n`);
  if (existsSync(path)) return 0;
  ctx.stderr.write(`model ${name} is not downloaded yet: run \`tempfs models pull ${name}\`\n`);
  return 1;
}

function requireProject(project: Project | null): Project {
  if (!project) {
    throw new TempfsError('RECIPE_NOT_FOUND', 'no tempfs.yaml found: models pull needs a recipe that declares models', {
      hint: 'Run it in a project folder, or pass -f <recipe>.',
    });
  }
  return project;
}

function projectModel(project: Project | null, name: string): ModelSpec {
  const spec = requireProject(project).models[name];
  if (!spec) throw unknownModel(project, name);
  return spec;
}

function unknownModel(project: Project | null, name: string): TempfsError {
  const known = Object.keys(project?.models ?? {});
  return new TempfsError('USAGE', `unknown model "${name}"`, {
    hint: known.length ? `This project's models: ${known.join(', ')}.` : 'No recipe declares it and the cache has no model by that name.',
  });
}
