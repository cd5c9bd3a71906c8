/**
 * The workspace: the host folders this server may touch (`tempfs mcp --workspace DIR`,
 * default the current folder). A path is inside when its real path (symlinks resolved;
 * for a path that does not exist yet, its nearest existing parent's, plus the rest) is
 * one of them or below one.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** The real path of `path`, or of its nearest existing parent joined with what does not exist yet. */
export async function realPathOf(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await realPathOf(parent), basename(absolute));
  }
}

export async function insideWorkspace(path: string, workspaces: string[]): Promise<boolean> {
  const real = await realPathOf(path);
  for (const workspace of workspaces) {
    const root = await realPathOf(workspace);
    const rel = relative(root, real);
    if (rel === '' || (rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel))) return true;
  }
  return false;
}
