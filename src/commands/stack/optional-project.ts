/** The recipe when there is one (`models ls` works without a recipe, listing the cache only). */
import { isTempfsError } from '../../errors.js';
import type { Project } from '../../recipe/model.js';
import type { CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';

export async function loadOptionalProject(ctx: CommandContext): Promise<Project | null> {
  try {
    return (await loadForCommand(ctx)).project;
  } catch (error) {
    if (isTempfsError(error, 'RECIPE_NOT_FOUND') && ctx.global.files.length === 0) return null;
    throw error;
  }
}
