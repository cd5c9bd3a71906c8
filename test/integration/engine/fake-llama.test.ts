/**
 * The fake llama.cpp images behave like the real ones where tempfs looks: the listening
 * line, /health 503 while "loading" then 200, the OpenAI endpoints, a missing model
 * exiting 1, and llama-cli's single-turn mode.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { containerName, networkName } from '../../../src/engine/naming.js';
import { ownerLabels } from '../../../src/engine/labels.js';
import type { LogLine } from '../../../src/engine/engine.js';
import type { ContainerSpec } from '../../../src/recipe/model.js';
import { container } from '../../helpers/project.js';
import { assertNothingLeft, removeProject, requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';

const engine = new PodmanEngine();
const project = uniqueProject('llm');
const session = 'sess-llm';
const network = networkName(project);
let model: string;

async function create(service: string, overrides: Partial<ContainerSpec>): Promise<string> {
  const name = containerName(project, service);
  const spec = container(service, { stop_grace_period: 0, ...overrides });
  await engine.createContainer({ spec, name, project, session, network, labels: {}, modelMounts: { tiny: model } });
  await engine.startContainer(name);
  return name;
}

async function firstMatch(lines: AsyncIterable<LogLine>, pattern: RegExp): Promise<string | null> {
  for await (const { line } of lines) if (pattern.test(line)) return line;
  return null;
}

beforeAll(async () => {
  await requireImages([TEST_IMAGES.llamaServer, TEST_IMAGES.llamaLight]);
  await engine.ensureNetwork(network, ownerLabels(project, session));
  const dir = await mkdtemp(join(tmpdir(), 'tempfs-model-'));
  model = join(dir, 'tiny.gguf');
  await writeFile(model, 'GGUF fake weights');
});

afterAll(async () => {
  await removeProject(project, engine);
  await assertNothingLeft(project, engine);
});

describe('fake llama-server image', () => {
  it('prints the listening line, answers 503 while loading, then 200 and completions', async () => {
    const name = await create('server', {
      image: TEST_IMAGES.llamaServer,
      command: ['-m', '/models/tiny.gguf', '--host', '0.0.0.0', '--port', '8080', '-c', '512'],
      environment: { FAKE_LLAMA_LOAD_MS: '2500' },
      ports: [{ host_ip: '127.0.0.1', host: null, container: 8080, protocol: 'tcp' }],
    });
    const controller = new AbortController();
    const line = await firstMatch(engine.logs(name, { follow: true, signal: controller.signal }), /listening on/);
    controller.abort();
    expect(line).toBe('llama_server: listening on http://0.0.0.0:8080');
    const port = (await engine.inspectContainer(name))!.ports[0]!.host;
    const base = `http://127.0.0.1:${port}`;
    const loading = await fetch(`${base}/health`);
    expect(loading.status).toBe(503);
    expect(await loading.json()).toMatchObject({ error: { code: 503, message: 'Loading model' } });
    let status = 503;
    while (status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await fetch(`${base}/health`)).status;
    }
    expect(status).toBe(200);
    const chat = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 3, stream: true }),
    });
    const events = (await chat.text()).split('\n').filter((l) => l.startsWith('data: '));
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(events.length).toBe(3 + 3);
  });

  it('exits 1 when the model file is missing', async () => {
    const name = await create('nomodel', { image: TEST_IMAGES.llamaServer, command: ['-m', '/models/absent.gguf', '--port', '8080'] });
    expect(await engine.waitContainer(name)).toBe(1);
  });
});

describe('fake llama-cli image', () => {
  it('prints a deterministic single-turn completion', async () => {
    const args = ['-m', '/models/tiny.gguf', '-p', 'Say hi', '-n', '4', '-st'];
    const outputs: string[] = [];
    for (const service of ['cli-a', 'cli-b']) {
      const name = await create(service, { image: TEST_IMAGES.llamaLight, command: args });
      expect(await engine.waitContainer(name)).toBe(0);
      const lines: string[] = [];
      for await (const l of engine.logs(name)) if (l.stream === 'stdout') lines.push(l.line);
      outputs.push(lines.join('\n'));
    }
    expect(outputs[0]!.split(' ')).toHaveLength(4);
    expect(outputs[1]).toBe(outputs[0]);
  });
});
