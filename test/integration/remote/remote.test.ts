/**
 * Remote engines, on this machine: Podman through `podman system service` on a unix socket
 * with `--url`, Docker through `DOCKER_HOST=unix://...` (its socket under another name: the default path is local). Either counts as remote (tempfs
 * cannot know the socket's engine shares this file system), so: `up -d` (which waits),
 * `exec`, `run`, `down`, a model delivered through the `tempfs_models` volume, a host bind
 * mount refused, and the monitor's cleanup after the CLI is SIGKILLed, all over the socket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPath } from '../../../src/engine/select.js';
import { testEngine } from '../../helpers/engine.js';
import { serveModel, type ModelServer } from '../../helpers/model-server.js';
import { leftovers, TEST_IMAGES } from '../../helpers/podman.js';
import { CLI_ENTRY } from '../../helpers/cli.js';
import { tempfs, testProject } from '../stack/stack.js';

const RECIPE = (modelUrl: string) => `
models:
  tiny: { url: '${modelUrl}' }
containers:
  box:
    image: ${TEST_IMAGES.busybox}
    command: [sh, -c, 'echo box up; exec sleep 1000']
    models: [tiny]
    stop_grace_period: 0s
    ready: { log: 'box up' }
`;

let dir = '';
let service: ChildProcess | null = null;
let model: ModelServer;
const socket = () => join(dir, 'podman.sock');
/** The Docker daemon's socket under another name: its default path counts as local. */
const dockerSocket = () => join(dir, 'docker.sock');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tempfs-remote-'));
  model = await serveModel(64 * 1024);
  await writeFile(join(dir, 'tempfs.yaml'), RECIPE(model.url));
  await symlink('/var/run/docker.sock', dockerSocket());
  service = spawn('podman', ['system', 'service', '--time=0', `unix://${socket()}`], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(socket()); i++) await sleep(50);
});

afterAll(async () => {
  service?.kill('SIGTERM');
  model?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Remote {
  name: string;
  /** Before the verb. */
  flags: () => string[];
  env: () => Record<string, string>;
}

const remotes: Remote[] = [
  { name: 'podman --url unix://', flags: () => ['--engine', 'podman', '--url', `unix://${socket()}`], env: () => ({}) },
  ...(onPath('docker', process.env)
    ? [{ name: 'docker with DOCKER_HOST=unix://', flags: () => ['--engine', 'docker'], env: () => ({ DOCKER_HOST: `unix://${dockerSocket()}` }) }]
    : []),
];

describe.each(remotes)('$name', (remote) => {
  const engine = () => testEngine({ ...process.env, TEMPFS_ENGINE: remote.flags()[1], ...remote.env(), ...(remote.flags()[2] === '--url' ? { CONTAINER_HOST: remote.flags()[3] } : {}) });
  const run = (stateDir: string, models: string) => ({ cwd: dir, stateDir, env: { ...remote.env(), TEMPFS_MODELS_DIR: models } });

  it('up -d, exec, run, down; the model comes through the tempfs_models volume', async () => {
    expect(engine().connection.url).toBeDefined();
    const project = testProject('remote');
    const state = join(dir, `state-${project}`);
    const r = run(state, join(dir, `models-${project}`));
    const up = await tempfs([...remote.flags(), 'up', '-d', '-p', project], r);
    expect(up.code, up.stderr).toBe(0);
    const inspect = await engine().inspectRaw(`${project}-box-1`);
    const mounts = (inspect?.Mounts as { Type?: string; Name?: string; Destination?: string }[]).map((m) => `${m.Type}:${m.Name}:${m.Destination}`);
    expect(mounts).toContain('volume:tempfs_models:/models');
    const exec = await tempfs([...remote.flags(), 'exec', '-p', project, 'box', '--', 'sh', '-c', 'head -c 4 /models/tiny.gguf; exit 5'], r);
    expect(exec).toMatchObject({ code: 5, stdout: 'GGUF' });
    const one = await tempfs([...remote.flags(), 'run', '-p', project, '--no-deps', 'box', '--', 'sh', '-c', 'wc -c < /models/tiny.gguf; exit 3'], r);
    expect(one.code, one.stderr).toBe(3);
    expect(one.stdout.trim()).toBe(String(64 * 1024 + 4));
    const down = await tempfs([...remote.flags(), 'down', '-p', project], r);
    expect(down.code, down.stderr).toBe(0);
    expect(await leftovers(project, engine())).toEqual({ containers: [], volumes: [], networks: [] });
  });

  it('a host bind mount is refused, naming the remote engine', async () => {
    const project = testProject('rbind');
    const sub = await mkdtemp(join(dir, 'bind-'));
    await writeFile(join(sub, 'tempfs.yaml'), `containers:\n  box:\n    image: ${TEST_IMAGES.busybox}\n    command: [sleep, '1000']\n    volumes: ['./data:/data']\n`);
    const run = { cwd: sub, stateDir: join(dir, `state-${project}`), env: remote.env() };
    // Trusted, as a user would: the refusal is the remote engine's, not the trust gate's.
    expect((await tempfs([...remote.flags(), 'trust'], run)).code).toBe(0);
    const up = await tempfs([...remote.flags(), 'up', '-d', '-p', project], run);
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/cannot bind-mount host path .*\/data on the remote engine (podman|docker) at unix:\/\//);
    expect(await leftovers(project, engine())).toEqual({ containers: [], volumes: [], networks: [] });
  });

  it("the monitor removes the stack after the CLI's SIGKILL, over the socket", async () => {
    const project = testProject('rkill');
    const state = join(dir, `state-${project}`);
    const cli = spawn(process.execPath, [CLI_ENTRY, ...remote.flags(), 'up', '--no-shell', '-p', project, '--progress', 'plain'], {
      cwd: dir,
      env: { ...process.env, ...remote.env(), TEMPFS_STATE_DIR: state, TEMPFS_MODELS_DIR: join(dir, `models-${project}`) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    cli.stdout!.on('data', (d) => (out += d));
    cli.stderr!.on('data', (d) => (out += d));
    while (!/box \| box up/.test(out) && cli.exitCode === null) await sleep(100);
    expect(out).toMatch(/box \| box up/);
    expect((await engine().listContainers({ project })).length).toBe(1);
    cli.kill('SIGKILL');
    // The monitor's cleanup is asserted to happen (bench/ measures how fast).
    // Containers go first, the network after them: wait for all of it (up to 60 s).
    const empty = { containers: [], volumes: [], networks: [] };
    let left = await leftovers(project, engine());
    for (let i = 0; i < 600 && JSON.stringify(left) !== JSON.stringify(empty); i++) {
      await sleep(100);
      left = await leftovers(project, engine());
    }
    expect(left).toEqual(empty);
  });
});
