/**
 * Nothing is left when the process holding terminals is killed with SIGKILL: on the host
 * the closing PTY ends the shell and its command; in the container, where the shell would
 * outlive its `podman exec` client, the terminal guard ends it.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';
import { podman, remaining, removeByLabel } from './container-podman.js';

const OWNER = fileURLToPath(new URL('../../fixtures/process/terminal-owner.mjs', import.meta.url));
const project = uniqueProject('term-kill');
const box = `${project}-deb`;

/** Host processes whose command line contains `needle`. */
async function onHost(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const line = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ');
    if (line.includes(needle) && Number(pid) !== process.pid) found.push(line);
  }
  return found;
}

async function inBox(): Promise<string[]> {
  const script = 'for p in /proc/[0-9]*; do s=$(cat $p/stat 2>/dev/null) || continue; case "${s##*) }" in Z*) continue;; esac; tr "\\0" " " <$p/cmdline; echo; done';
  return (await podman('exec', box, 'sh', '-c', script)).split('\n').filter((l) => /^(bash --norc|sleep 380)/.test(l));
}

beforeAll(async () => {
  await requireImages([TEST_IMAGES.debian]);
  await podman('run', '-d', '--init', '--name', box, '--label', `io.tempfs.project=${project}`, TEST_IMAGES.debian, 'sleep', 'infinity');
});

afterAll(async () => {
  await removeByLabel(project);
  expect(await remaining(project)).toEqual([]);
});

describe('terminals after a SIGKILL of their owner', () => {
  it('leave no shell, command or podman exec client, on the host or in the container', async () => {
    const owner = spawn(process.execPath, [OWNER, box], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pids = await new Promise<{ host: number; box: number }>((resolve, reject) => {
      owner.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
      owner.once('exit', (code) => reject(new Error(`the owner exited with ${code}`)));
    });
    expect(await onHost('sleep 3801')).toHaveLength(1);
    expect(await inBox()).toHaveLength(2);
    owner.kill('SIGKILL');
    const deadline = Date.now() + 20_000;
    const left = async () => [...(await onHost('sleep 3801')), ...(await onHost(box)).filter((c) => c.startsWith('podman exec')), ...(await inBox())];
    while ((await left()).length > 0 && Date.now() < deadline) await sleep(200);
    expect(await left()).toEqual([]);
    expect(await onHost(`${pids.host}`).then((l) => l.filter((c) => c.startsWith('bash')))).toEqual([]);
  });
});

