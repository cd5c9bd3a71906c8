/**
 * The content hash a trust decision is recorded against: what the recipe reaches on the
 * host as resolved (so a `.env` or shell variable that moves a bind mount to `/` asks
 * again, though no recipe file changed), every recipe file, and every file under the
 * recipe's `commands:` folders (node_modules and dot-folders aside; a symlinked module is
 * hashed by the content it points to, as the terminal imports that). Any change asks again.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { TempfsError } from '../../errors.js';
import type { Project } from '../../recipe/model.js';
import { hostAccess } from './host-access.js';

/** More files than this under the command folders is refused rather than hashed for long. */
const MAX_FILES = 5000;

export async function recipeHash(project: Project): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`${hostAccess(project, { containers: true, code: true }).join('\n')}\0`);
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
    else if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).then((s) => s.isFile(), () => false)))) out.push(path);
    if (out.length > MAX_FILES) throw new TempfsError('USAGE', `${folder}: more than ${MAX_FILES} files under the command folders`);
  }
  return out;
}
