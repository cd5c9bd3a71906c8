/**
 * Lets a person join a terminal from another shell (`tempfs attach`): a Unix socket where
 * a client names a terminal, receives the recent output and then every new chunk, and
 * sends keys and size changes. One JSON object per line from the client
 * (`{"terminal","cols","rows"}` first, then `{"keys"}` / `{"resize":[c,r]}`); after a
 * one-line JSON answer, the server sends the terminal's raw output as it comes.
 */
import { mkdir, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { TerminalAttachment } from './types.js';

export interface AttachServer {
  readonly path: string;
  close(): Promise<void>;
}

export interface AttachHello {
  terminal: string;
  cols?: number;
  rows?: number;
}

export async function serveAttach(path: string, attach: (terminalId: string) => TerminalAttachment): Promise<AttachServer> {
  await mkdir(dirname(path), { recursive: true });
  // A socket file left by a server that died is in the way; a live server of the same project would be too.
  await rm(path, { force: true });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    handle(socket, attach);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  server.unref();
  return {
    path,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(path, { force: true });
    },
  };
}

function handle(socket: Socket, attach: (terminalId: string) => TerminalAttachment): void {
  let view: TerminalAttachment | undefined;
  let unsubscribe = () => {};
  socket.once('close', () => unsubscribe());
  const lines = createInterface({ input: socket, crlfDelay: Infinity });
  lines.on('line', (line) => {
    let message: Partial<AttachHello> & { keys?: string; resize?: [number, number] };
    try {
      message = JSON.parse(line);
    } catch {
      return void socket.end(`${JSON.stringify({ error: 'not JSON' })}\n`);
    }
    try {
      if (!view) {
        view = attach(String(message.terminal));
        if (message.cols && message.rows) view.resize(message.cols, message.rows);
        socket.write(`${JSON.stringify({ ok: true, terminal: view.info })}\n`);
        socket.write(view.tail);
        unsubscribe = view.subscribe((chunk) => socket.write(chunk), () => socket.end());
      } else if (typeof message.keys === 'string') {
        view.write(message.keys);
      } else if (Array.isArray(message.resize)) {
        view.resize(message.resize[0], message.resize[1]);
      }
    } catch (error) {
      socket.end(`${JSON.stringify({ error: (error as Error).message })}\n`);
    }
  });
}
