/**
 * The stock llama.cpp recipes end to end against the real llama.cpp (issue 18): images
 * built from source by scripts/llama-images.sh, a tiny random-weight GGUF served from
 * loopback. The server is ready only once /health answers 200; it answers a chat completion,
 * streams one, and the terminal's `chat`; llama-cli chats under a PTY with no arguments;
 * llama-completion prints only the generated text; nothing is left.
 * The look-alike image stays for one thing the real one cannot be made to show: a model that
 * takes a while to load (/health 503 while the log already says "listening").
 */
import { mkdtempSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { CLI_ENTRY, runBuilt } from '../../helpers/cli.js';
import { serveModel, serveTinyModel, type ModelServer } from '../../helpers/model-server.js';
import { TEST_IMAGES, assertNothingLeft, removeProject, requireImages, uniqueProject } from '../../helpers/podman.js';
import { TmuxSession } from '../repl/tmux.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const project = uniqueProject('llama');
const cliProject = uniqueProject('llamacli');
const slowProject = uniqueProject('llamaslow');
let model: ModelServer;
let fakeModel: ModelServer;
let env: NodeJS.ProcessEnv;

async function freePort(): Promise<number> {
  const s = createNetServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  await requireImages([TEST_IMAGES.realLlamaServer, TEST_IMAGES.realLlamaLight, TEST_IMAGES.llamaServer]);
  [model, fakeModel] = await Promise.all([serveTinyModel(), serveModel()]);
  const scratch = mkdtempSync(join(tmpdir(), 'tempfs-llama-'));
  env = {
    ...process.env,
    LLAMA_SERVER_IMAGE: TEST_IMAGES.realLlamaServer,
    LLAMA_CLI_IMAGE: TEST_IMAGES.realLlamaLight,
    LLAMA_MODEL_URL: model.url,
    LLAMA_MODEL_SHA256: model.sha256,
    LLAMA_PORT: String(await freePort()),
    LLAMA_THREADS: '1',
    // The tiny model's weights are random: a reply ends when it happens to draw its end token
    // (one token of ~350), so a chat's first reply is often hundreds of tokens. With 512 the second
    // turn's history overflowed the context now and then (HTTP 400 in CI); 4096 is the model's own.
    LLAMA_CONTEXT: '4096',
    NO_COLOR: '1',
    TEMPFS_MODELS_DIR: join(scratch, 'models'),
    TEMPFS_STATE_DIR: join(scratch, 'state'),
  };
});

afterAll(async () => {
  for (const p of [project, cliProject, slowProject]) await removeProject(p);
  model?.close();
  fakeModel?.close();
  for (const p of [project, cliProject, slowProject]) await assertNothingLeft(p);
});

/** The variables this test sets, for a tmux session (which otherwise has its server's environment). */
const tmuxEnv = () => Object.fromEntries(Object.entries(env).filter(([k]) => /^(LLAMA_|TEMPFS_|NO_COLOR$)/.test(k))) as Record<string, string>;
const tempfs = (argv: string[], extra: NodeJS.ProcessEnv = {}) => runBuilt(argv, { cwd: repo, env: { ...env, ...extra }, timeoutMs: 180_000 });
const server = ['-f', 'recipes/llama-server.yaml', '-p', project];
const base = () => `http://127.0.0.1:${env.LLAMA_PORT}`;
// Control characters but newline and tab: what must never reach a terminal as model text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

async function chat(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${base()}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 8, temperature: 0, ...body }),
  });
}

describe('recipes/llama-server.yaml on the real llama-server', () => {
  it('is ready only after its log line and /health = 200, with the model fetched and mounted read-only', async () => {
    const up = await tempfs([...server, '--progress', 'json', 'up', '-d']);
    expect(up.stderr).not.toMatch(/"status":"failed"/);
    expect(up.code).toBe(0);
    const events = up.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // Both probes were waited for (the events name what is still awaited), and ready came after them.
    const waits = events.flatMap((e, i) => (e.type === 'container' && e.status === 'waiting' ? [[i, String(e.detail)] as const] : []));
    const readyAt = events.findIndex((e) => e.type === 'container' && e.status === 'ready');
    expect(waits.some(([, d]) => /^for http .*\/health/.test(d))).toBe(true);
    expect(waits.some(([, d]) => /^for log \//.test(d))).toBe(true);
    expect(readyAt).toBeGreaterThan(Math.max(...waits.map(([i]) => i)));
    expect(events.some((e) => e.type === 'model' && e.status === 'done')).toBe(true);
    expect((await fetch(`${base()}/health`)).status).toBe(200);

    const raw = (await new PodmanEngine().inspectRaw(`${project}-llama-server-1`)) as { Mounts: { Destination: string; RW: boolean }[] };
    expect(raw.Mounts.find((m) => m.Destination === '/models/qwen.gguf')).toMatchObject({ RW: false });
    // One host setting: the recipe's LLAMA_ARG_HOST, no --host flag, so llama.cpp has nothing to warn about.
    const logs = await tempfs([...server, 'logs']);
    expect(logs.stdout + logs.stderr).not.toMatch(/environment variable is set, but will be overwritten/);
    expect(logs.stdout + logs.stderr).toMatch(/listening on http:\/\/0\.0\.0\.0:8080/);
  });

  it('answers a chat completion', async () => {
    const res = await chat({});
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; choices: { message: { role: string; content: string }; finish_reason: string }[]; usage: { completion_tokens: number } };
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0]!.message.role).toBe('assistant');
    expect(body.choices[0]!.message.content.length).toBeGreaterThan(0);
    expect(body.usage.completion_tokens).toBeLessThanOrEqual(8);
  });

  it('streams a chat completion as server-sent events ending with [DONE]', async () => {
    const res = await chat({ stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const data = (await res.text()).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as { object: string; choices: { delta?: { content?: string } }[] });
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('').length).toBeGreaterThan(0);
  });

  it("the terminal's chat streams the reply as text and keeps the conversation", async () => {
    const prompt = `${project}/llama-server>`;
    const t = new TmuxSession(['node', CLI_ENTRY, ...server, 'shell', 'llama-server'], tmuxEnv());
    try {
      await t.until((s) => s.includes(prompt), 60_000);
      const turn = async (line: string, n: number) => {
        t.line(line);
        // Done when the prompt is back after the typed line.
        const screen = await t.until((s) => s.split('\n').filter((l) => l.startsWith(prompt)).length >= n + 1, 60_000);
        const lines = screen.split('\n').map((l) => l.trimEnd());
        const at = lines.lastIndexOf(`${prompt} ${line}`);
        return lines.slice(at + 1, lines.findIndex((l, i) => i > at && l.startsWith(prompt)));
      };
      const first = await turn('chat hello there', 1);
      expect(first.join('\n')).not.toMatch(/^error/m);
      expect(first.join('\n')).not.toMatch(CONTROL);
      const second = await turn('chat and again', 2);
      expect(second.join('\n')).not.toMatch(/^error/m);
      expect(await turn('/reset', 3)).toEqual(['conversation cleared (4 messages)']);
      t.keys('C-d');
      await t.until(() => t.dead());
    } finally {
      t.kill();
    }
  });

  it('down leaves nothing', async () => {
    expect((await tempfs([...server, 'down'])).code).toBe(0);
    await assertNothingLeft(project);
  });
});

describe('recipes/llama-cli.yaml on the real llama-cli and llama-completion', () => {
  const cli = ['-f', 'recipes/llama-cli.yaml', '-p', cliProject];

  it('one-shot: llama-completion prints only the generated text on stdout', async () => {
    const r = await tempfs([...cli, 'run', '-T', 'llama-completion', '--', '-p', 'Say hello', '-n', '8', '--temp', '0']);
    expect(r.code).toBe(0);
    // The tiny model's vocabulary is lower-case words: no logo, banner, spinner, log line or
    // prompt echo. llama-completion itself ends a reply that stopped at end-of-generation with
    // " [end of text]" (on stdout, as the text: llama.cpp has no flag against it).
    // (Empty is allowed: Podman 4.3's `start --attach` can miss all output of a container that
    // exits within milliseconds, as llama-completion does with this model; seen once in three runs.)
    expect(r.stdout).toMatch(/^[a-z \n]*( \[end of text\]\n*)?$/);
    expect(r.stdout).not.toContain('Say hello');
    await assertNothingLeft(cliProject);
  });

  it('interactive: llama-cli with no arguments chats under a PTY, /exit ends it, nothing left', async () => {
    // Through sh, which prints tempfs's exit code when it ends.
    const t = new TmuxSession(['sh', '-c', 'node "$0" "$@"; echo "tempfs exited $?"', CLI_ENTRY, ...cli, 'run', 'llama-cli'], tmuxEnv());
    try {
      const lines = (screen: string) => screen.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
      // llama-cli's banner lists its commands, then it asks with ">".
      await t.until((s) => s.includes('/exit or Ctrl+C') && lines(s).at(-1) === '>', 120_000);
      t.line('hello');
      // The reply, llama-cli's speed line, and the next ">".
      const screen = await t.until((s) => {
        const after = lines(s).slice(lines(s).lastIndexOf('> hello') + 1);
        return lines(s).includes('> hello') && after.some((l) => l.startsWith('[ Prompt:')) && after.at(-1) === '>';
      }, 120_000);
      const reply = lines(screen).slice(lines(screen).lastIndexOf('> hello') + 1);
      expect(reply.join('\n')).not.toMatch(/error/i);
      t.line('/exit');
      const end = await t.until((s) => /^tempfs exited \d+$/m.test(s), 60_000);
      expect(end).toMatch(/^tempfs exited 0$/m);
    } finally {
      t.kill();
    }
    await assertNothingLeft(cliProject);
  });
});

describe('the look-alike, for what the real one cannot be made to show', () => {
  it('a slow model load: the log line comes first, /health answers 503, ready only after 200', async () => {
    const slow = { LLAMA_SERVER_IMAGE: TEST_IMAGES.llamaServer, LLAMA_MODEL_URL: fakeModel.url, LLAMA_MODEL_SHA256: fakeModel.sha256 };
    const up = await tempfs(['-f', 'recipes/llama-server.yaml', '-p', slowProject, '--progress', 'json', 'up', '-d'], slow);
    expect(up.code).toBe(0);
    const events = up.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const waits = events.filter((e) => e.type === 'container' && e.status === 'waiting').map((e) => String(e.detail));
    expect(waits.some((d) => /http .*\/health.*503/.test(d))).toBe(true);
    const readyAt = events.findIndex((e) => e.type === 'container' && e.status === 'ready');
    const last503 = events.map((e) => String(e.detail ?? '')).findLastIndex((d) => /503/.test(d));
    expect(readyAt).toBeGreaterThan(last503);
    // The second start comes from the cache: no new download.
    const before = fakeModel.requests();
    expect((await tempfs(['-f', 'recipes/llama-server.yaml', '-p', slowProject, 'down'], slow)).code).toBe(0);
    const again = await tempfs(['-f', 'recipes/llama-server.yaml', '-p', slowProject, '--progress', 'json', 'up', '-d'], slow);
    expect(again.code).toBe(0);
    expect(fakeModel.requests()).toBe(before);
    expect(again.stderr).toMatch(/"type":"model".*"status":"cached"/);
    expect((await tempfs(['-f', 'recipes/llama-server.yaml', '-p', slowProject, 'down'], slow)).code).toBe(0);
    await assertNothingLeft(slowProject);
  });
});
