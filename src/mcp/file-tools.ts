/**
 * file_read, file_write, file_list, file_copy: the workspace as files. In the sandbox
 * through the engine (`exec` of a small sh script, busybox compatible, with the data as
 * base64 on its stdin/stdout; `podman cp` for copies); on the host only with
 * --allow-host and only inside the workspace folders (realpath-based, see workspace.ts).
 * Binary-safe with encoding "base64"; reads come in chunks of at most READ_MAX bytes,
 * and the reply says how to read on.
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ContainerEngine } from '../engine/engine.js';
import { TempfsError } from '../errors.js';
import { wholeCharsEnd } from '../shared/utf8-cut.js';
import * as f from './fields.js';
import { addTool, type ToolDeps } from './tool-kit.js';

/** The most bytes one file_read returns (as base64 it is a third more, still far below the reply cap). */
const READ_MAX = 128 * 1024;
const READ_DEFAULT = 64 * 1024;
/** The largest file_write: what one message carries comfortably. */
const WRITE_MAX = 8 * 1024 * 1024;
/** Entries one file_list returns. */
const LIST_MAX = 1000;

type Encoding = 'utf8' | 'base64';
type Place = { kind: 'host' } | { kind: 'container'; name: string; engine: ContainerEngine };

interface Entry {
  name: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  mode: string;
  mtime: string;
}

export function registerFileTools(server: McpServer, deps: ToolDeps): void {
  const target = f.target(deps.targets.allowHost, deps.sandbox !== null);
  const path = z.string().min(1).describe('A path: absolute, or relative to the first workspace folder (host) or the working directory (sandbox).');
  const encoding = z.enum(['utf8', 'base64']).optional().describe('"utf8" (default) for text, "base64" for any bytes.');

  addTool(server, deps, 'file_read', {
    title: 'Read a file',
    description:
      `Read a file in the sandbox or (with --allow-host) in the host workspace: at most ${READ_MAX} bytes per call (default ${READ_DEFAULT}) from \`offset\`. ` +
      'Returns the content, the file\'s total size, and eof; when eof is false, read on with offset = offset + length. Use encoding "base64" for binary files.',
    input: {
      path,
      offset: z.number().int().min(0).optional().describe('Byte offset to start at (default 0).'),
      length: z.number().int().min(1).max(READ_MAX).optional().describe(`Bytes to read (default ${READ_DEFAULT}, at most ${READ_MAX}).`),
      encoding,
      target,
    },
    output: { content: z.string(), encoding: z.enum(['utf8', 'base64']), size: z.number().int(), offset: z.number().int(), length: z.number().int(), eof: z.boolean() },
    annotations: { readOnlyHint: true },
  }, async (args, signal) => {
    const place = await placeOf(deps, args.target, args.path, 'read');
    const offset = args.offset ?? 0;
    const want = args.length ?? READ_DEFAULT;
    const { size, bytes } = place.kind === 'host' ? await readHost(hostPath(deps, args.path), offset, want) : await readSandbox(place, args.path, offset, want, signal);
    const enc: Encoding = args.encoding ?? 'utf8';
    // Text is cut on a character boundary; the next read starts where this one stopped.
    const chunk = enc === 'utf8' && offset + bytes.length < size ? bytes.subarray(0, wholeCharsEnd(bytes)) : bytes;
    const content = enc === 'base64' ? chunk.toString('base64') : chunk.toString('utf8');
    const end = offset + chunk.length;
    const eof = end >= size;
    return {
      content,
      encoding: enc,
      size,
      offset,
      length: chunk.length,
      eof,
      ...(eof ? {} : { hint: `${size - end} more bytes: read on with offset ${end} (at most ${READ_MAX} bytes per call)` }),
      ...(enc === 'utf8' && !validUtf8(chunk) ? { notice: 'this is not valid UTF-8 text: read it with encoding "base64"' } : {}),
    };
  });

  addTool(server, deps, 'file_write', {
    title: 'Write a file',
    description:
      'Create or replace a file in the sandbox or (with --allow-host) in the host workspace, creating missing folders. The new content is written ' +
      `beside it and renamed into place, so a reader never sees half a file. At most ${WRITE_MAX} bytes. Use encoding "base64" for binary content.`,
    input: {
      path,
      content: z.string().describe('The whole new content.'),
      encoding,
      mode: z.string().regex(/^0?[0-7]{3,4}$/, 'an octal mode such as "644" or "0755"').optional().describe('Octal permissions, e.g. "755" (default: the replaced file\'s, or 644).'),
      target,
    },
    output: { success: z.boolean(), bytes: z.number().int(), path: z.string() },
    annotations: { destructiveHint: true },
  }, async (args, signal) => {
    const data = Buffer.from(args.content, args.encoding === 'base64' ? 'base64' : 'utf8');
    if (data.length > WRITE_MAX) {
      throw new TempfsError('USAGE', `file_write takes at most ${WRITE_MAX} bytes, got ${data.length}`, { hint: 'write it in the sandbox with a command that makes it, or copy it in with file_copy' });
    }
    const place = await placeOf(deps, args.target, args.path, 'write');
    const written = place.kind === 'host' ? await writeHost(hostPath(deps, args.path), data, args.mode) : await writeSandbox(place, args.path, data, args.mode, signal);
    return { success: true, bytes: data.length, path: written };
  });

  addTool(server, deps, 'file_list', {
    title: 'List a folder',
    description: `The entries of a folder in the sandbox or (with --allow-host) in the host workspace: name, kind (file, directory, symlink, other), size, octal mode and mtime; at most ${LIST_MAX}.`,
    input: { path, target },
    output: { path: z.string(), entries: z.array(z.object({ name: z.string(), kind: z.string(), size: z.number(), mode: z.string(), mtime: z.string() })), truncated: z.boolean() },
    annotations: { readOnlyHint: true },
  }, async (args, signal) => {
    const place = await placeOf(deps, args.target, args.path, 'list');
    const entries = place.kind === 'host' ? await listHost(hostPath(deps, args.path)) : await listSandbox(place, args.path, signal);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    return { path: args.path, entries: entries.slice(0, LIST_MAX), truncated: entries.length > LIST_MAX, ...(entries.length > LIST_MAX ? { total: entries.length } : {}) };
  });

  addTool(server, deps, 'file_copy', {
    title: 'Copy between the workspace and the sandbox',
    description:
      'Copy a file or a folder between the host workspace and a sandbox container (podman cp; the recipe\'s sandbox, or the one `containerId` names): direction "to_sandbox" copies host `from` to sandbox `to`, ' +
      '"to_host" copies sandbox `from` to host `to`. The host path must be inside the workspace folders the server was started with.',
    input: {
      from: z.string().min(1).describe('The source path (on the host for to_sandbox, in the sandbox for to_host).'),
      to: z.string().min(1).describe('The destination path (in the sandbox for to_sandbox, on the host for to_host).'),
      direction: z.enum(['to_sandbox', 'to_host']).describe('Which way to copy.'),
      containerId: z.string().min(1).max(200).optional().describe('The sandbox: a containerId from container_start (default: the recipe\'s sandbox).'),
    },
    output: { success: z.boolean(), from: z.string(), to: z.string() },
  }, async (args, signal) => {
    const host = args.direction === 'to_sandbox' ? args.from : args.to;
    const place = await placeOf(deps, args.containerId ?? 'sandbox', args.from, 'copy');
    if (place.kind !== 'container') throw new TempfsError('USAGE', 'file_copy copies between the host workspace and a sandbox: containerId names a sandbox, not the host');
    const hostEnd = hostPath(deps, host);
    await checkInside(deps, hostEnd, 'copy');
    const sandboxEnd = { container: place.name, path: args.direction === 'to_sandbox' ? args.to : args.from };
    const [from, to] = args.direction === 'to_sandbox' ? [{ path: hostEnd }, sandboxEnd] : [sandboxEnd, { path: hostEnd }];
    await place.engine.copy(from, to, { signal }).catch((error: unknown) => {
      throw new TempfsError('PROCESS', `file_copy ${from.container ? `${from.container}:` : ''}${from.path} -> ${to.container ? `${to.container}:` : ''}${to.path} failed: ${(error as Error).message}`, {
        hint: 'check that the source exists (file_list) and that the destination folder exists and is writable (in the sandbox: a tmpfs path such as /tmp)',
      });
    });
    return { success: true, from: args.from, to: args.to };
  });
}

/** Where a file operation runs; on the host the path must be inside the workspace. */
async function placeOf(deps: ToolDeps, requested: string | undefined, path: string, what: string): Promise<Place> {
  const where = await deps.targets.resolve(requested);
  if (where.target.kind === 'host') {
    await checkInside(deps, hostPath(deps, path), what);
    return { kind: 'host' };
  }
  if (!deps.engine) throw new TempfsError('INTERNAL', 'file tools in the sandbox need the container engine, which this server was not given');
  return { kind: 'container', name: where.target.name, engine: deps.engine };
}

function hostPath(deps: ToolDeps, path: string): string {
  return isAbsolute(path) ? path : resolve(deps.workspace.folders[0]!, path);
}

async function checkInside(deps: ToolDeps, path: string, what: string): Promise<void> {
  if (await deps.workspace.contains(path)) return;
  throw new TempfsError('USAGE', `cannot ${what} ${path} on the host: it is outside the workspace (${deps.workspace.folders.join(', ')})`, {
    hint: 'use a path inside the workspace, or ask the user to start the server with `tempfs mcp --workspace DIR` for that folder',
  });
}

async function readHost(path: string, offset: number, length: number): Promise<{ size: number; bytes: Buffer }> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new TempfsError('NOT_FOUND', `cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  if (!info.isFile()) throw new TempfsError('USAGE', `cannot read ${path}: it is not a regular file`, { hint: 'list a folder with file_list' });
  const handle = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(Math.max(0, Math.min(length, info.size - offset)));
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, offset);
    return { size: info.size, bytes: bytes.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}

async function writeHost(path: string, data: Buffer, mode: string | undefined): Promise<string> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new TempfsError('USAGE', `cannot write ${path}: it is a folder`);
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.tempfs-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(temp, data, { mode: 0o644 });
    await chmod(temp, mode !== undefined ? parseInt(mode, 8) : existing ? existing.mode & 0o7777 : 0o644);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new TempfsError('PROCESS', `cannot write ${path}: ${(error as Error).message}`);
  }
  return path;
}

async function listHost(path: string): Promise<Entry[]> {
  const names = await readdir(path).catch((error: NodeJS.ErrnoException) => {
    throw new TempfsError(error.code === 'ENOENT' ? 'NOT_FOUND' : 'USAGE', `cannot list ${path}: ${error.code === 'ENOTDIR' ? 'not a folder' : error.code === 'ENOENT' ? 'no such folder' : error.message}`);
  });
  const entries = await Promise.all(
    names.map(async (name): Promise<Entry | undefined> => {
      const info = await lstat(join(path, name)).catch(() => undefined);
      if (!info) return undefined;
      const kind = info.isFile() ? 'file' : info.isDirectory() ? 'directory' : info.isSymbolicLink() ? 'symlink' : 'other';
      return { name, kind, size: info.size, mode: (info.mode & 0o7777).toString(8).padStart(4, '0'), mtime: info.mtime.toISOString() };
    }),
  );
  return entries.filter((e): e is Entry => e !== undefined);
}

// In the sandbox: $1 the path, and the rest per script. Exit 3: no such file; 4: wrong kind.
const READ_SCRIPT =
  '[ -e "$1" ] || exit 3; [ -f "$1" ] || exit 4; wc -c <"$1"; ' +
  'tail -c +$(($2 + 1)) "$1" | head -c "$3" | base64';
const WRITE_SCRIPT =
  'set -e; [ -d "$1" ] && exit 4; d=$(dirname "$1"); mkdir -p "$d"; t="$d/.tempfs-write.$$"; trap \'rm -f "$t"\' EXIT; ' +
  'base64 -d >"$t"; if [ -n "$2" ]; then chmod "$2" "$t"; elif [ -e "$1" ]; then chmod "$(stat -c %a "$1")" "$t"; else chmod 644 "$t"; fi; mv -f "$t" "$1"; trap - EXIT';
const LIST_SCRIPT =
  '[ -e "$1" ] || exit 3; [ -d "$1" ] || exit 4; cd "$1" || exit 4; ' +
  'for n in * .[!.]* ..?*; do [ -e "$n" ] || [ -L "$n" ] || continue; stat -c "%F|%s|%a|%Y|%n" "$n"; done';

async function sandboxScript(place: Extract<Place, { kind: 'container' }>, script: string, args: string[], what: string, signal: AbortSignal, input?: string): Promise<string> {
  const result = await place.engine.exec(place.name, ['sh', '-c', script, 'tempfs', ...args], { signal, input });
  if (result.exitCode === 0) return result.stdout;
  const why = result.exitCode === 3 ? 'no such file or folder' : result.exitCode === 4 ? 'not the right kind (a folder where a file is expected, or the reverse)' : result.stderr.trim() || `exit code ${result.exitCode}`;
  throw new TempfsError(result.exitCode === 3 ? 'NOT_FOUND' : 'PROCESS', `cannot ${what} in ${place.name}: ${why}`, {
    hint: result.exitCode === 3 || result.exitCode === 4 ? 'check the path with file_list' : 'a read-only path cannot be written: use a writable one such as /tmp (the sandbox\'s image is read-only)',
  });
}

async function readSandbox(place: Extract<Place, { kind: 'container' }>, path: string, offset: number, length: number, signal: AbortSignal): Promise<{ size: number; bytes: Buffer }> {
  const out = await sandboxScript(place, READ_SCRIPT, [path, String(offset), String(length)], `read ${path}`, signal);
  const nl = out.indexOf('\n');
  return { size: Number(out.slice(0, nl).trim()), bytes: Buffer.from(out.slice(nl + 1), 'base64') };
}

async function writeSandbox(place: Extract<Place, { kind: 'container' }>, path: string, data: Buffer, mode: string | undefined, signal: AbortSignal): Promise<string> {
  await sandboxScript(place, WRITE_SCRIPT, [path, mode ?? ''], `write ${path}`, signal, data.toString('base64'));
  return path;
}

async function listSandbox(place: Extract<Place, { kind: 'container' }>, path: string, signal: AbortSignal): Promise<Entry[]> {
  const out = await sandboxScript(place, LIST_SCRIPT, [path], `list ${path}`, signal);
  return out.split('\n').filter((l) => l !== '').map((line) => {
    const [kind = '', size = '0', mode = '0', mtime = '0', ...name] = line.split('|');
    return {
      name: name.join('|'),
      kind: kind.includes('directory') ? 'directory' : kind.includes('regular') ? 'file' : kind.includes('symbolic') ? 'symlink' : 'other',
      size: Number(size),
      mode: mode.padStart(4, '0'),
      mtime: new Date(Number(mtime) * 1000).toISOString(),
    };
  });
}

function validUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8')).equals(bytes);
}
