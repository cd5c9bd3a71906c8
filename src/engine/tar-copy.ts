/**
 * `cp` between this machine and a container as a tar stream through `exec`, for Docker:
 * `docker cp` reads and writes the container's root filesystem only, so it cannot reach a
 * tmpfs mount (a sandbox's /tmp) nor write under a read-only root ("container rootfs is
 * marked read-only"). Podman's `cp` can, and keeps its own. Same meaning as `cp SRC DEST`:
 * into DEST when it is a folder, else as DEST. The container needs `tar` (busybox has it).
 */
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TempfsError } from '../errors.js';
import type { CopyPath } from './engine.js';
import { spawnCall } from './exec.js';

export interface TarCopyRunner {
  /** The engine binary and the arguments before its subcommand (connection flags). */
  binary: string;
  prefix: string[];
  env: Record<string, string | undefined>;
}

/** In the container: extract stdin into DEST (a folder), or as DEST, renaming the one entry. */
const EXTRACT_IN = [
  'set -e',
  'src="$1"; dest="$2"',
  'if [ -d "$dest" ]; then tar -x -f - -C "$dest"; exit 0; fi',
  'tmp="$(dirname "$dest")/.tempfs-cp-$$"',
  'mkdir "$tmp"; trap \'rm -rf "$tmp"\' EXIT',
  'tar -x -f - -C "$tmp"; mv "$tmp/$src" "$dest"',
].join('\n');

export async function tarCopy(runner: TarCopyRunner, from: CopyPath, to: CopyPath, signal?: AbortSignal): Promise<void> {
  if (to.container !== undefined && from.container === undefined) return copyIn(runner, from.path, to.container, to.path, signal);
  if (from.container !== undefined && to.container === undefined) return copyOut(runner, from.container, from.path, to.path, signal);
  throw new TempfsError('USAGE', 'a copy goes between this machine and one container');
}

async function copyIn(runner: TarCopyRunner, host: string, container: string, dest: string, signal?: AbortSignal): Promise<void> {
  const base = basename(host);
  await pipeline(
    ['tar', ['-c', '-f', '-', '-C', dirname(host), '--', base]],
    [runner.binary, [...runner.prefix, 'exec', '-i', container, 'sh', '-c', EXTRACT_IN, 'tempfs-cp', base, dest]],
    runner.env,
    signal,
    `cannot copy ${host} to ${container}:${dest}`,
  );
}

async function copyOut(runner: TarCopyRunner, container: string, source: string, host: string, signal?: AbortSignal): Promise<void> {
  const base = basename(source);
  const intoFolder = await stat(host).then((s) => s.isDirectory(), () => false);
  // As DEST: extracted beside it first, then renamed, so a failed copy leaves no half of it.
  const target = intoFolder ? host : await mkdtemp(join(dirname(host), '.tempfs-cp-'));
  try {
    await pipeline(
      [runner.binary, [...runner.prefix, 'exec', container, 'tar', '-c', '-f', '-', '-C', dirname(source), '--', base]],
      ['tar', ['-x', '-f', '-', '--no-same-owner', '-C', target]],
      runner.env,
      signal,
      `cannot copy ${container}:${source} to ${host}`,
    );
    if (!intoFolder) await rename(join(target, base), host);
  } finally {
    if (!intoFolder) await rm(target, { recursive: true, force: true });
  }
}

/** `a | b`; rejects with both sides' stderr when either fails. */
async function pipeline(
  a: [string, string[]],
  b: [string, string[]],
  env: Record<string, string | undefined>,
  signal: AbortSignal | undefined,
  what: string,
): Promise<void> {
  const left = spawnCall(a[0], a[1], { env, signal, stdio: ['ignore', 'pipe', 'pipe'] });
  const right = spawnCall(b[0], b[1], { env, signal, stdio: ['pipe', 'ignore', 'pipe'] });
  left.child.stdout!.pipe(right.child.stdin!);
  right.child.stdin!.on('error', () => {}); // the reader ended first: its exit code says why
  let stderr = '';
  for (const { child } of [left, right]) child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const ends = await Promise.all([left.ended, right.ended]);
  if (ends.every((end) => end.exitCode === 0)) return;
  for (const end of ends) if (end.error || end.cancelled) stderr += `${end.error?.message ?? 'The operation was aborted'}\n`;
  const [l, r] = ends.map((end) => end.exitCode ?? -1);
  throw new TempfsError('PODMAN_FAILED', `${what}: ${stderr.trim().split('\n').slice(-3).join('; ') || `exit ${l}/${r}`}`);
}
