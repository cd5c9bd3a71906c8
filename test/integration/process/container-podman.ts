/**
 * Test helpers: one labelled busybox container per test file, and `ps` inside it.
 * Uses the image of scripts/test-images.sh when present, else imports a busybox of its own.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, copyFile, symlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SHARED_IMAGE = 'localhost/tempfs-busybox:test';
const OWN_IMAGE = 'localhost/tempfs-process-busybox:test';

export async function podman(...args: string[]): Promise<string> {
  return (await run('podman', args, { maxBuffer: 16 << 20 })).stdout;
}

async function exists(image: string): Promise<boolean> {
  return podman('image', 'exists', image).then(() => true, () => false);
}

export async function busyboxImage(): Promise<string> {
  if (await exists(SHARED_IMAGE)) return SHARED_IMAGE;
  if (await exists(OWN_IMAGE)) return OWN_IMAGE;
  const root = await mkdtemp(join(tmpdir(), 'tempfs-process-img-'));
  await mkdir(join(root, 'bin'));
  await mkdir(join(root, 'tmp'), { mode: 0o1777 });
  await copyFile('/bin/busybox', join(root, 'bin/busybox'));
  await symlink('busybox', join(root, 'bin/sh'));
  await run('sh', ['-c', `tar -C "$1" -c . | podman import - "$2"`, 'sh', root, OWN_IMAGE]);
  await rm(root, { recursive: true, force: true });
  return OWN_IMAGE;
}

/** Starts a container that idles (busybox unless `image` says otherwise); `--init` reaps what the tests kill inside it. */
export async function startContainer(name: string, project: string, image?: string): Promise<void> {
  image ??= await busyboxImage();
  await podman('run', '-d', '--init', '--name', name, '--label', `io.tempfs.project=${project}`, image,
    'sh', '-c', 'while :; do sleep 60; done');
}

export async function removeByLabel(project: string): Promise<void> {
  const ids = (await podman('ps', '-aq', '--filter', `label=io.tempfs.project=${project}`)).split('\n').filter(Boolean);
  if (ids.length > 0) await podman('rm', '-f', '-t', '0', ...ids);
}

export async function remaining(project: string): Promise<string[]> {
  return (await podman('ps', '-aq', '--filter', `label=io.tempfs.project=${project}`)).split('\n').filter(Boolean);
}

/** Command lines of the live (non-zombie) processes in the container. */
export async function processesIn(name: string): Promise<string[]> {
  const out = await podman('exec', name, 'sh', '-c', 'ps -o stat,args');
  return out
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('Z'))
    .map((l) => l.trim().replace(/^\S+\s+/, ''));
}
