import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchTerminal } from '../../../src/process/host-client.js';
import { encode, onMessages, type RpcMessage } from '../../../src/process/rpc.js';
import { tempDir } from '../../helpers/temp-dir.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/**
 * A host that speaks `watch` as terminal-host's socket does: its answer with the tail and,
 * in the same write, the first output; the keys it gets echoed back; `end` once it gets a size.
 */
async function fakeHost(): Promise<{ socketPath: string; got: RpcMessage[] }> {
  const socketPath = join(tempDir('tempfs-watch-'), 'host.sock');
  const got: RpcMessage[] = [];
  server = createServer((socket) => {
    onMessages(socket, (message) => {
      got.push(message);
      const terminal = (message.params as { terminal?: string }[] | undefined)?.[0]?.terminal;
      if (message.method === 'watch' && terminal !== 'main') {
        socket.write(encode({ id: message.id, error: { code: 'NOT_FOUND', message: `no terminal ${terminal}` } }));
      } else if (message.method === 'watch') {
        socket.write(encode({ id: message.id, result: { tail: 'TAIL|' } }) + encode({ event: 'data', params: 'first|' }));
      } else if (message.method === 'keys') {
        socket.write(encode({ event: 'data', params: `echo ${(message.params as { data: string }).data}` }));
      } else if (message.method === 'winsize') {
        socket.end(encode({ event: 'end' }));
      }
    });
  });
  await new Promise<void>((resolve) => server!.listen(socketPath, resolve));
  return { socketPath, got };
}

describe('watchTerminal', () => {
  it('paints the tail with what came beside it, then streams output, sends keys and sizes, and sees the end', async () => {
    const { socketPath, got } = await fakeHost();
    const output: string[] = [];
    let echoed = () => {};
    const echo = new Promise<void>((resolve) => (echoed = resolve));
    const watch = await watchTerminal(socketPath, {
      terminal: 'main',
      cols: 80,
      rows: 24,
      onData: (text) => {
        output.push(text);
        echoed();
      },
    });
    expect(watch?.tail).toBe('TAIL|first|');
    watch!.keys('ls\r');
    await echo;
    expect(output).toEqual(['echo ls\r']);
    watch!.resize(100, 30);
    await watch!.ended;
    watch!.close();
    expect(got.map((m) => [m.method, m.params])).toEqual([
      ['watch', [{ terminal: 'main', cols: 80, rows: 24 }]],
      ['keys', { data: 'ls\r' }],
      ['winsize', { cols: 100, rows: 30 }],
    ]);
  });

  it('gives the host\'s error for a terminal it does not have', async () => {
    const { socketPath } = await fakeHost();
    await expect(watchTerminal(socketPath, { terminal: 'nope', onData: () => {} })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no terminal nope' });
  });

  it('is undefined when no host listens', async () => {
    const socketPath = join(tempDir('tempfs-watch-'), 'none.sock');
    expect(await watchTerminal(socketPath, { terminal: 'main', onData: () => {} })).toBeUndefined();
  });
});
