/**
 * The workspace: the host folders this server may touch (`tempfs mcp --workspace DIR`,
 * repeatable, default the current folder). Sandboxes mount folders inside it (read-only
 * unless `rw` is asked for); file tools and the approval rules on the host stay inside it.
 * Paths are compared after `realpath` (for a path that does not exist yet: its nearest
 * existing parent's, plus the rest), so a symlink inside the workspace that points outside
 * it is refused like the outside path itself.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { TempfsError } from '../errors.js';
import type { VolumeMount } from '../recipe/model.js';

export interface VolumeRequest {
  /** A host folder (or file), absolute or relative to the first workspace folder. */
  source: string;
  /** Where it appears in the sandbox (default `/workspace/<its name>`). */
  target?: string;
  /** `ro` (the default) or `rw`. */
  mode?: 'ro' | 'rw';
}

/** The workspace folders, resolved (they must exist); the first one anchors relative paths. */
export async function workspaceRoots(dirs: readonly string[], cwd: string): Promise<string[]> {
  const wanted = dirs.length === 0 ? [cwd] : dirs;
  return Promise.all(
    wanted.map(async (dir) => {
      const real = await realpath(resolve(cwd, dir)).catch((error: unknown) => {
        throw new TempfsError('USAGE', `--workspace ${dir}: no such folder`, { cause: error, hint: 'name an existing folder' });
      });
      if (!(await stat(real)).isDirectory()) throw new TempfsError('USAGE', `--workspace ${dir}: not a folder`);
      return real;
    }),
  );
}

/** True when `path` is `root` or below it (both already real paths). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The bind mounts for a sandbox; refuses anything outside the workspace, before anything starts. */
export async function workspaceMounts(requests: readonly VolumeRequest[], roots: readonly string[]): Promise<VolumeMount[]> {
  const mounts: VolumeMount[] = [];
  for (const [i, request] of requests.entries()) {
    const where = `volumes[${i}]`;
    const asked = resolve(roots[0]!, request.source);
    const source = await realpath(asked).catch((error: unknown) => {
      throw new TempfsError('USAGE', `${where}: ${request.source}: no such file or folder on the host`, { cause: error, hint: `paths are relative to the workspace ${roots[0]}` });
    });
    if (!roots.some((root) => isInside(source, root))) {
      const shown = source === asked ? source : `${asked} (which is ${source})`;
      throw new TempfsError('USAGE', `${where}: ${shown} is outside the workspace (${roots.join(', ')})`, {
        hint: 'mount a folder inside the workspace, or ask the user to restart the server with `tempfs mcp --workspace DIR`',
      });
    }
    const target = request.target ?? posix.join('/workspace', basename(source) || 'root');
    checkPaths(where, source, target);
    if (mounts.some((m) => m.target === target)) throw new TempfsError('USAGE', `${where}: ${target} is mounted twice`, { hint: 'give each volume its own target' });
    mounts.push({ type: 'bind', source, target, read_only: request.mode !== 'rw', options: [] });
  }
  return mounts;
}

/** The engine's `-v SOURCE:TARGET:OPTIONS` splits on `:` and `,`. */
function checkPaths(where: string, source: string, target: string): void {
  if (!posix.isAbsolute(target) || target.split('/').includes('..')) {
    throw new TempfsError('USAGE', `${where}: target ${JSON.stringify(target)} must be an absolute path without ".."`, { hint: 'e.g. "/workspace/src"' });
  }
  if (target === '/') throw new TempfsError('USAGE', `${where}: target "/" would hide the whole image`, { hint: 'e.g. "/workspace"' });
  for (const [name, path] of [['source', source], ['target', target]] as const) {
    if (/[:,\n]/.test(path)) throw new TempfsError('USAGE', `${where}: the ${name} ${JSON.stringify(path)} holds a ":" or a "," the engine cannot mount`, { hint: 'rename it, or mount its parent folder' });
  }
}

type RealPath = (path: string) => Promise<string>;

/** The real path of `path`, or of its nearest existing parent joined with what does not exist yet. */
async function realPathOf(path: string, real: RealPath): Promise<string> {
  const absolute = resolve(path);
  try {
    return await real(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await realPathOf(parent, real), basename(absolute));
  }
}

/**
 * The workspace folders of one server, for the checks of host paths (file tools, the rm
 * approval rule). The folders are fixed for the server's life, so their real paths are
 * resolved once, at the first check; the path checked is resolved on every check, so a
 * symlink in it that leads out is caught however recently it was made.
 */
export class Workspace {
  private roots: Promise<string[]> | undefined;

  constructor(
    /** As given; the first one anchors relative paths. */
    readonly folders: readonly string[],
    private readonly real: RealPath = realpath,
  ) {}

  async contains(path: string): Promise<boolean> {
    this.roots ??= Promise.all(this.folders.map((folder) => realPathOf(folder, this.real)));
    const target = await realPathOf(path, this.real);
    return (await this.roots).some((root) => isInside(target, root));
  }
}
