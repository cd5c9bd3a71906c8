/**
 * The recipe when there is one. Commands that act on a running stack (down, ps, logs,
 * exec) need the project name and, when it can be had, the recipe (for dependency order
 * and grace periods): with `-p` and no recipe file around they work from Podman's labels
 * alone, as Compose does. `models ls` and `gc` work without any recipe at all.
 */
import { isTempfsError, TempfsError } from '../../errors.js';
import type { Project } from '../../recipe/model.js';
import type { CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';

export interface ProjectRef {
  name: string;
  project: Project | null;
}

/** The loaded project, or the not-found error when there is no recipe and none was named with -f. */
async function tryLoad(ctx: CommandContext): Promise<Project | TempfsError> {
  try {
    return (await loadForCommand(ctx)).project;
  } catch (error) {
    if (isTempfsError(error, 'RECIPE_NOT_FOUND') && ctx.global.files.length === 0) return error;
    throw error;
  }
}

/** The project, or null when there is no recipe. */
export async function loadOptionalProject(ctx: CommandContext): Promise<Project | null> {
  const found = await tryLoad(ctx);
  return found instanceof TempfsError ? null : found;
}

/** The project and its name; without a recipe, `-p` alone names it (else the not-found error stands). */
export async function resolveProjectRef(ctx: CommandContext): Promise<ProjectRef> {
  const found = await tryLoad(ctx);
  if (!(found instanceof TempfsError)) return { name: found.name, project: found };
  if (ctx.global.projectName) return { name: ctx.global.projectName, project: null };
  throw found;
}
