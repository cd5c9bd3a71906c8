/**
 * The content hash a trust decision is recorded against: every recipe file and every
 * file under the recipe's `commands:` folders (node_modules and dot-folders aside).
 * Any change to them asks again.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { TempfsError } from '../../errors.js';
import type { Project } from '../../recipe/model.js';

/** More files than this under the command folders is refused rather than hashed for long. */
const MAX_FILES = 5000;

export async function recipeHash(project: Project): Promise<string> {
  const hash = createHash('sha256');
  const files = [...project.files];
  for (const folder of project.commands) files.push(...(await filesUnder(folder)));
  for (const file of files) {
    const body = await readFile(file).catch(() => Buffer.from('(unreadable)'));
    hash.update(`${relative(project.dir, file)}\0${body.length}\0`).update(body);
  }
  return hash.digest('hex');
}

async function filesUnder(folder: string, out: string[] = []): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await filesUnder(path, out);
    else if (entry.isFile()) out.push(path);
    if (out.length > MAX_FILES) throw new TempfsError('USAGE', `${folder}: more than ${MAX_FILES} files under the command folders`);
  }
  return out;
}
