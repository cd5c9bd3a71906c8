/**
 * Commands that act on a running stack (down, ps, logs, exec) need the project name and,
 * when it can be had, the recipe (for dependency order and grace periods). With `-p` and
 * no recipe file around they still work from Podman's labels alone, as Compose does.
 */
import { isTempfsError } from '../../errors.js';
import type { Project } from '../../recipe/model.js';
import type { CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';

export interface ProjectRef {
  name: string;
  project: Project | null;
}

export async function resolveProjectRef(ctx: CommandContext): Promise<ProjectRef> {
  try {
    const { project } = await loadForCommand(ctx);
    return { name: project.name, project };
  } catch (error) {
    if (isTempfsError(error, 'RECIPE_NOT_FOUND') && ctx.global.projectName && ctx.global.files.length === 0) {
      return { name: ctx.global.projectName, project: null };
    }
    throw error;
  }
}
