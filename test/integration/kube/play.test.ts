/**
 * Issue 14, acceptance 3: `tempfs kube --play` of the top-level tempfs.yaml with the local
 * test images and a model served from loopback comes up under `podman kube play`: the
 * model is downloaded by an init container (not by the host) and verified, the sandbox
 * reaches the llama-server by its name, and after `down` nothing is left, Pods included.
 * A play whose checksum does not match fails, and a CLI killed mid-play leaves nothing
 * (the monitor guards the session).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { CLI_ENTRY, runBuilt } from '../../helpers/cli.js';
import { serveModel, type ModelServer } from '../../helpers/model-server.js';
import { TEST_IMAGES, assertNothingLeft, leftovers, removeProject, requireImages, uniqueProject } from '../../helpers/podman.js';
import { freePort } from '../stack/stack.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const projects = [uniqueProject('kube'), uniqueProject('kubebad'), uniqueProject('kubekill')];
const podman = new PodmanEngine();
let model: ModelServer;
let env: NodeJS.ProcessEnv;
let modelsDir: string;

/** Pods of a project (they carry its labels, as their containers do). */
async function pods(project: string): Promise<string[]> {
  const { stdout } = await podman.cli(['pod', 'ps', '--format', '{{.Name}}', '--filter', `label=io.tempfs.project=${project}`]);
  return stdout.split('\n').filter(Boolean);
}

async function removePods(project: string): Promise<void> {
  const names = await pods(project);
  if (names.length) await podman.removePods(names, 0);
}

beforeAll(async () => {
  await requireImages([TEST_IMAGES.llamaServer, TEST_IMAGES.debian, TEST_IMAGES.busybox]);
  model = await serveModel();
  const scratch = mkdtempSync(join(tmpdir(), 'tempfs-kube-'));
  modelsDir = join(scratch, 'models');
  env = {
    ...process.env,
    LLAMA_SERVER_IMAGE: TEST_IMAGES.llamaServer,
    SANDBOX_IMAGE: TEST_IMAGES.debian,
    LLAMA_MODEL_URL: model.url,
    LLAMA_MODEL_SHA256: model.sha256,
    LLAMA_PORT: String(await freePort()),
    TEMPFS_KUBE_INIT_IMAGE: TEST_IMAGES.busybox,
    TEMPFS_MODELS_DIR: modelsDir,
    TEMPFS_STATE_DIR: join(scratch, 'state'),
  };
});

afterAll(async () => {
  for (const p of projects) {
    await removePods(p);
    await removeProject(p);
  }
  model?.close();
  for (const p of projects) await assertNothingLeft(p);
});

const tempfs = (argv: string[], extra: NodeJS.ProcessEnv = {}) => runBuilt(argv, { cwd: repo, env: { ...env, ...extra }, timeoutMs: 240_000 });

describe('tempfs kube --play (podman kube play)', () => {
  it('brings tempfs.yaml up: model fetched by the init container and verified, sandbox reaches llama-server, down leaves nothing', async () => {
    const project = projects[0]!;
    const before = model.requests();
    const play = await tempfs(['-p', project, 'kube', '--play']);
    expect(play.stderr).toMatch(/warning: tempfs\.yaml:\d+:\d+: containers\.llama-server\.ready\.log: /);
    expect(play.stderr).toMatch(/warning: tempfs\.yaml:\d+:\d+: containers\.llama-server\.resources\.memory_swap: /);
    expect(play.code).toBe(0);
    // Then tempfs waited from the host for the recipe's own probes (the log one included).
    expect(play.stderr).toMatch(/^llama-server ready/m);
    expect(await pods(project)).toEqual(expect.arrayContaining(['llama-server', 'sandbox', `${project}-models`]));

    // Downloaded once, from inside a container: the host's model cache stayed empty.
    expect(model.requests() - before).toBe(1);
    expect(existsSync(modelsDir) ? readdirSync(modelsDir) : []).toEqual([]);
    const sum = await podman.exec('llama-server-llama-server', ['sha256sum', '/models/qwen.gguf']);
    expect(sum.stdout.split(' ')[0]).toBe(model.sha256);
    const write = await podman.exec('llama-server-llama-server', ['sh', '-c', 'echo x >> /models/qwen.gguf']);
    expect(write.exitCode).not.toBe(0); // mounted read-only

    // The sandbox reaches the server by the name a Kubernetes Service would have.
    const health = await podman.exec('sandbox-sandbox', [
      'bash', '-c', 'exec 3<>/dev/tcp/llama-server/8080; printf "GET /health HTTP/1.0\\r\\nHost: llama-server\\r\\n\\r\\n" >&3; cat <&3',
    ]);
    expect(health.stdout).toMatch(/^HTTP\/1\.[01] 200/);
    expect(health.stdout).toMatch(/"status":\s*"ok"/);
    // Ephemeral: read-only root, /tmp in memory.
    const box = await podman.exec('sandbox-sandbox', ['sh', '-c', 'touch /etc/x 2>/dev/null && echo rw || echo ro; stat -f -c %T /tmp']);
    expect(box.stdout.split('\n').slice(0, 2)).toEqual(['ro', 'tmpfs']);

    const down = await tempfs(['-p', project, 'kube', '--down']);
    expect(down.code).toBe(0);
    await assertNothingLeft(project);
    expect(await pods(project)).toEqual([]);
  }, 240_000);

  it('a model that fails its checksum fails the play (exit 1) and leaves nothing', async () => {
    const project = projects[1]!;
    const play = await tempfs(['-p', project, 'kube', '--play'], { LLAMA_MODEL_SHA256: 'f'.repeat(64) });
    expect(play.code).toBe(1);
    expect(play.stderr).toMatch(/init container .* exited with code 1/);
    await assertNothingLeft(project);
    expect(await pods(project)).toEqual([]);
  }, 240_000);

  it('a CLI killed during the play leaves nothing: the monitor removes the session', async () => {
    const project = projects[2]!;
    const child = spawn(process.execPath, [CLI_ENTRY, '-p', project, 'kube', '--play'], { cwd: repo, env, stdio: 'ignore' });
    // Killed once the first Pod exists, while later ones are still being played.
    while ((await pods(project)).length === 0 && child.exitCode === null) await sleep(100);
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    for (;;) {
      const left = await leftovers(project);
      if (left.containers.length + left.volumes.length + left.networks.length === 0 && (await pods(project)).length === 0) break;
      await sleep(250);
    }
    expect(await pods(project)).toEqual([]);
    await assertNothingLeft(project);
  }, 240_000);
});
