/**
 * The stock llama.cpp recipes end to end (issue 5): recipes/llama-server.yaml with the
 * llama-server-like fixture image and a model served from loopback. The server is reported
 * ready only once /health answers 200 (it answers 503 while "loading"), the model is
 * downloaded once, verified, and mounted read-only; llama-cli answers a one-shot prompt.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { runBuilt } from '../../helpers/cli.js';
import { TEST_IMAGES, assertNothingLeft, removeProject, requireImages, uniqueProject } from '../../helpers/podman.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const model = Buffer.concat([Buffer.from('GGUF'), randomBytes(256 * 1024)]);
const sha256 = createHash('sha256').update(model).digest('hex');
const project = uniqueProject('llama');
const cliProject = uniqueProject('llamacli');
let server: Server;
let requests = 0;
let env: NodeJS.ProcessEnv;

async function freePort(): Promise<number> {
  const s = createNetServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  await requireImages([TEST_IMAGES.llamaServer, TEST_IMAGES.llamaLight]);
  server = createServer((req, res) => {
    requests++;
    res.writeHead(200, { 'content-length': model.length, 'content-type': 'application/octet-stream' });
    res.end(model);
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const scratch = mkdtempSync(join(tmpdir(), 'tempfs-llama-'));
  env = {
    ...process.env,
    LLAMA_SERVER_IMAGE: TEST_IMAGES.llamaServer,
    LLAMA_CLI_IMAGE: TEST_IMAGES.llamaLight,
    LLAMA_MODEL_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/qwen.gguf`,
    LLAMA_MODEL_SHA256: sha256,
    LLAMA_PORT: String(await freePort()),
    LLAMA_THREADS: '1',
    TEMPFS_MODELS_DIR: join(scratch, 'models'),
    TEMPFS_STATE_DIR: join(scratch, 'state'),
  };
});

afterAll(async () => {
  await removeProject(project);
  await removeProject(cliProject);
  server?.close();
  await assertNothingLeft(project);
  await assertNothingLeft(cliProject);
});

const tempfs = (argv: string[]) => runBuilt(argv, { cwd: repo, env, timeoutMs: 120_000 });

describe('recipes/llama-server.yaml', () => {
  it('is ready only after /health turns 200, with the model fetched and mounted read-only', async () => {
    const up = await tempfs(['-f', 'recipes/llama-server.yaml', '-p', project, '--progress', 'json', 'up', '-d']);
    expect(up.stderr).not.toMatch(/"status":"failed"/);
    expect(up.code).toBe(0);
    const events = up.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const waits = events.filter((e) => e.type === 'container' && e.status === 'waiting').map((e) => String(e.detail));
    // The log line came first; the http probe was still seeing 503 ("loading") before ready.
    expect(waits.some((d) => /http .*\/health.*503/.test(d))).toBe(true);
    const readyAt = events.findIndex((e) => e.type === 'container' && e.status === 'ready');
    const last503 = events.map((e) => String(e.detail ?? '')).findLastIndex((d) => /503/.test(d));
    expect(readyAt).toBeGreaterThan(last503);
    expect(events.some((e) => e.type === 'model' && e.status === 'done')).toBe(true);

    const health = await fetch(`http://127.0.0.1:${env.LLAMA_PORT}/health`);
    expect(health.status).toBe(200);

    const raw = (await new PodmanEngine().inspectRaw(`${project}-llama-server-1`)) as { Mounts: { Destination: string; RW: boolean }[] };
    const mount = raw.Mounts.find((m) => m.Destination === '/models/qwen.gguf');
    expect(mount).toMatchObject({ RW: false });
    const write = await tempfs(['-f', 'recipes/llama-server.yaml', '-p', project, 'exec', '-T', 'llama-server', '--', 'sh', '-c', 'echo x >> /models/qwen.gguf']);
    expect(write.code).not.toBe(0);

    const down = await tempfs(['-f', 'recipes/llama-server.yaml', '-p', project, 'down']);
    expect(down.code).toBe(0);
    await assertNothingLeft(project);
  });

  it('starts from the cache the second time: no new download', async () => {
    const before = requests;
    const up = await tempfs(['-f', 'recipes/llama-server.yaml', '-p', project, '--progress', 'json', 'up', '-d']);
    expect(up.code).toBe(0);
    expect(requests).toBe(before);
    expect(up.stderr).toMatch(/"type":"model".*"status":"cached"/);
    expect((await tempfs(['-f', 'recipes/llama-server.yaml', '-p', project, 'down'])).code).toBe(0);
  });
});

describe('recipes/llama-cli.yaml', () => {
  it('answers a one-shot prompt with tempfs run and exits 0, leaving nothing', async () => {
    const r = await tempfs(['-f', 'recipes/llama-cli.yaml', '-p', cliProject, 'run', '-T', 'llama-cli', '--', '-p', 'Say hello', '-n', '8', '-st']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split(/\s+/).length).toBe(8);
    await assertNothingLeft(cliProject);
  });
});
