/** Writes a recipe into a fresh temporary folder and loads it (for the hardening tests). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject, type LoadOptions } from '../../../src/recipe/index.js';

export function recipeDir(text: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tempfs-hardening-'));
  writeFileSync(join(dir, 'tempfs.yaml'), text);
  for (const [name, body] of Object.entries(extra)) writeFileSync(join(dir, name), body);
  return dir;
}

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
