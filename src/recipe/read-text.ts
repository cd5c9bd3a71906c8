/**
 * Reads a recipe or an env file as text, refusing what is not one with a sentence that
 * names the file: a folder, a device or pipe (`/dev/zero` would be read without end), a
 * file over the size limit, unreadable or looping paths, bytes that are not UTF-8, and
 * NUL bytes (a binary file).
 *
 * The reads are synchronous: a CLI that reads one small file gains nothing from libuv's
 * thread pool, and the async open/stat/read/close were five hops through it, 1.5-10 ms of
 * a `tempfs config` on a loaded machine. The promise stays for callers' sake.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { TempfsError, type ErrorCode, type SourcePosition } from '../errors.js';

/** The largest recipe or env file tempfs reads (real ones are a few KiB; 2 MiB still loads in a few seconds on the exact path). */
export const MAX_TEXT_FILE_BYTES = 2 * 1024 * 1024;

export interface ReadTextOptions {
  /** How the file is named in messages (`recipe tempfs.yaml`, `env file .env`). */
  what: string;
  code: ErrorCode;
  at?: SourcePosition;
}

export async function readTextFile(path: string, options: ReadTextOptions): Promise<string> {
  const fail = (why: string, cause?: unknown): never => {
    throw new TempfsError(options.code, `${options.what} ${why}`, { at: options.at, cause });
  };
  // Non-blocking: opening a FIFO would otherwise wait for a writer forever.
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    return fail(openProblem(cause as NodeJS.ErrnoException), cause);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) fail('is a folder, not a file');
    if (!stat.isFile()) fail('is not a regular file (a device, pipe or socket)');
    if (stat.size > MAX_TEXT_FILE_BYTES) fail(`is larger than ${MAX_TEXT_FILE_BYTES / 1024 ** 2} MiB, the most tempfs reads`);
    // Read at most one byte past the limit: a file may grow after stat.
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_TEXT_FILE_BYTES) + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, length);
    if (length > MAX_TEXT_FILE_BYTES) fail(`is larger than ${MAX_TEXT_FILE_BYTES / 1024 ** 2} MiB, the most tempfs reads`);
    return decode(buffer.subarray(0, length), fail);
  } finally {
    closeSync(fd);
  }
}

function openProblem(cause: NodeJS.ErrnoException): string {
  switch (cause.code) {
    case 'ENOENT':
      return 'not found';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ELOOP':
      return 'cannot be read: too many levels of symbolic links (a symlink loop?)';
    case 'ENOTDIR':
      return 'not found (a part of its path is not a folder)';
    default:
      return `cannot be read: ${cause.message}`;
  }
}

function decode(bytes: Buffer, fail: (why: string) => never): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('is not UTF-8 text');
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    fail(`has a NUL byte on line ${line}: it looks like a binary file, not text`);
  }
  return text;
}
