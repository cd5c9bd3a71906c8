/** Fetch (or find in the cache) every model the selected containers mount. */
import { ensureModel, resolveModelsDir } from '../../models/index.js';
import type { ContainerSpec, Project } from '../../recipe/model.js';
import type { CommandContext } from '../context.js';

/** Resolves to model name -> host file. Models are fetched in parallel. */
export async function ensureProjectModels(
  ctx: CommandContext,
  project: Project,
  specs: readonly ContainerSpec[],
  signal: AbortSignal,
): Promise<Record<string, string>> {
  const names = [...new Set(specs.flatMap((s) => s.models))];
  if (names.length === 0) return {};
  const cacheDir = resolveModelsDir(ctx.env);
  const entries = await Promise.all(
    names.map(async (name) => {
      const result = await ensureModel(project.models[name]!, { cacheDir, signal, env: ctx.env, onProgress: ctx.events });
      return [name, result.path] as const;
    }),
  );
  return Object.fromEntries(entries);
}
