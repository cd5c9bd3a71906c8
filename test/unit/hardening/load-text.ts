/** Writes a recipe into a fresh temporary folder and loads it (for the hardening tests). */
import { loadProject, type LoadOptions } from '../../../src/recipe/index.js';
import { recipeDir } from '../recipe/fast-path-helpers.js';

export { recipeDir };

export function loadText(text: string, options: Partial<LoadOptions> = {}) {
  return loadProject({ env: {}, cwd: recipeDir(text), ...options });
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<{ code?: string; line?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; line?: string; message: string };
  }
  throw new Error('expected a rejection');
}
