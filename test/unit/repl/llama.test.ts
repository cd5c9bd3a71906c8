import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempfsError } from '../../../src/errors.js';
import type { ReplCommand } from '../../../src/repl/command.js';
import { llamaCommands } from '../../../src/repl/builtins/llama.js';
import { fakeContainer, recordingContext } from './fakes.js';

/** A fake of llama-server's OpenAI-style API on 127.0.0.1, recording the request bodies. */
const requests: { path: string; body: any }[] = [];
let health = 200;
let server: Server;
let baseUrl = '';

function sse(res: ServerResponse, events: string[]) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  // Split across writes (and one event across two chunks) so the parser must buffer.
  for (const e of events) {
    const text = `data: ${e}\n\n`;
    res.write(text.slice(0, 7));
    res.write(text.slice(7));
  }
  res.end();
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  requests.push({ path: req.url!, body: raw ? JSON.parse(raw) : undefined });
  if (req.url === '/v1/chat/completions') {
    const turn = requests.filter((r) => r.path === req.url).length;
    const words = [`Hel`, `lo ${turn}`];
    return sse(res, [...words.map((w) => JSON.stringify({ choices: [{ delta: { content: w } }] })), '[DONE]']);
  }
  if (req.url === '/control/completion') {
    return sse(res, [JSON.stringify({ content: 'a\x1b[2Jb\x07\r\n\tc' }), '[DONE]']);
  }
  if (req.url === '/completion') {
    return sse(res, [JSON.stringify({ content: ' world', stop: false }), JSON.stringify({ content: '!', stop: true })]);
  }
  if (req.url === '/v1/models') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ object: 'list', data: [{ id: 'qwen.gguf' }] }));
  }
  if (req.url === '/health') {
    res.writeHead(health, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ status: health === 200 ? 'ok' : 'loading model' }));
  }
  if (req.url === '/hang/v1/chat/completions') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    return res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: 'slow' } }] })}\n\n`);
  }
  res.writeHead(404).end('not found');
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const byName = (cmds: ReplCommand[]) => Object.fromEntries(cmds.map((c) => [c.name, c]));

describe('llama commands against a fake llama-server', () => {
  it('chat streams the reply and keeps the conversation; /reset forgets it', async () => {
    const c = byName(llamaCommands());
    const ctx = recordingContext(fakeContainer(), { llamaUrl: baseUrl });
    await c.chat!.execute(['hi', 'there'], ctx);
    await c.chat!.execute(['again'], ctx);
    expect(ctx.text()).toBe('Hello 1\nHello 2\n');
    const chats = requests.filter((r) => r.path === '/v1/chat/completions');
    expect(chats[1]!.body).toEqual({
      stream: true,
      messages: [
        { role: 'user', content: 'hi there' },
        { role: 'assistant', content: 'Hello 1' },
        { role: 'user', content: 'again' },
      ],
    });
    expect(await c['/reset']!.execute([], ctx)).toBe('conversation cleared (4 messages)');
    await c.chat!.execute(['new'], ctx);
    expect(requests.at(-1)!.body.messages).toEqual([{ role: 'user', content: 'new' }]);
  });

  it('complete streams /completion', async () => {
    const ctx = recordingContext(fakeContainer(), { llamaUrl: `${baseUrl}/` });
    await byName(llamaCommands()).complete!.execute(['Hello'], ctx);
    expect(ctx.text()).toBe(' world!\n');
    expect(requests.at(-1)).toEqual({ path: '/completion', body: { prompt: 'Hello', stream: true } });
  });

  it('writes model output as text: control characters but newline and tab escaped', async () => {
    const ctx = recordingContext(fakeContainer(), { llamaUrl: `${baseUrl}/control` });
    await byName(llamaCommands()).complete!.execute(['x'], ctx);
    expect(ctx.text()).toBe('a\\x1b[2Jb\\x07\\x0d\n\tc\n');
  });

  it('models lists the model ids; health shows the status, 503 included', async () => {
    const c = byName(llamaCommands());
    const ctx = recordingContext(fakeContainer(), { llamaUrl: baseUrl });
    expect(await c.models!.execute([], ctx)).toBe('qwen.gguf');
    expect(await c.health!.execute([], ctx)).toBe('200 ok');
    health = 503;
    expect(await c.health!.execute([], ctx)).toBe('503 loading model');
    health = 200;
  });

  it('a cancelled chat stops streaming and does not join the conversation', async () => {
    const c = byName(llamaCommands());
    const controller = new AbortController();
    const ctx = recordingContext(fakeContainer(), { llamaUrl: `${baseUrl}/hang`, signal: controller.signal });
    const pending = c.chat!.execute(['wait'], ctx);
    for (let i = 0; !ctx.text().includes('slow'); i++) {
      if (i > 1000) throw new Error('the first piece never arrived'); // a guard, not a timing check
      await new Promise((r) => setTimeout(r, 5));
    }
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(ctx.text()).toBe('slow\n');
    expect(await c['/reset']!.execute([], ctx)).toBe('conversation cleared (0 messages)');
  });

  it('says clearly when there is no llama-server or it cannot be reached', async () => {
    const c = byName(llamaCommands());
    const none = await Promise.resolve(c.models!.execute([], recordingContext(fakeContainer()))).catch((e: unknown) => e);
    expect(isTempfsError(none, 'NOT_FOUND')).toBe(true);
    const refused = recordingContext(fakeContainer(), { llamaUrl: 'http://127.0.0.1:9' });
    const down = await Promise.resolve(c.health!.execute([], refused)).catch((e: unknown) => e);
    expect(isTempfsError(down, 'NOT_RUNNING')).toBe(true);
    expect((down as Error).message).toBe('cannot reach llama-server at http://127.0.0.1:9/health');
    const missing = recordingContext(fakeContainer(), { llamaUrl: `${baseUrl}/nowhere` });
    const notFound = await Promise.resolve(c.models!.execute([], missing)).catch((e: unknown) => e);
    expect((notFound as Error).message).toBe('llama-server answered 404 to /nowhere/v1/models: not found');
  });
});
