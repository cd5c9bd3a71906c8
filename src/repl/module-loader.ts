/**
 * Loads custom command modules: every `.js`/`.mjs` file directly inside each folder,
 * in name order, imported by file URL. A module that fails is reported, not fatal.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReplCommand } from './command.js';
import { commandShapeProblem } from './command-shape.js';

/** A command and where it came from (a file path, or `built-in`). */
export interface SourcedCommand {
  command: ReplCommand;
  source: string;
}

export interface LoadProblem {
  path: string;
  reason: string;
}

export interface LoadedModules {
  loaded: SourcedCommand[];
  problems: LoadProblem[];
}

export async function loadCommandFolders(folders: string[]): Promise<LoadedModules> {
  const result: LoadedModules = { loaded: [], problems: [] };
  for (const folder of folders) {
    let files: string[];
    try {
      files = (await readdir(folder)).filter((f) => f.endsWith('.js') || f.endsWith('.mjs')).sort();
    } catch (e) {
      result.problems.push({ path: folder, reason: `cannot read the folder: ${messageOf(e)}` });
      continue;
    }
    for (const file of files) {
      const path = join(folder, file);
      const outcome = await loadModule(path);
      if ('reason' in outcome) result.problems.push(outcome);
      else result.loaded.push(outcome);
    }
  }
  return result;
}

async function loadModule(path: string): Promise<SourcedCommand | LoadProblem> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (e) {
    return { path, reason: `failed to load: ${messageOf(e)}` };
  }
  const problem = commandShapeProblem(mod.default);
  if (problem) return { path, reason: problem };
  return { command: mod.default as ReplCommand, source: path };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
