/** A stand-in engine API on a unix socket (docker-api, podman-api and engine tests): it records what is asked and answers with the handler. */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { tempDir } from './temp-dir.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const servers: { close: () => void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** `seen`: "METHOD /path?decoded-query" per request; `bodies`: the JSON bodies sent, in order. */
export async function standIn(handler: Handler): Promise<{ socket: string; seen: string[]; bodies: unknown[] }> {
  const socket = join(tempDir('tempfs-api-'), 'api.sock');
  const seen: string[] = [];
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${decodeURIComponent(req.url ?? '')}`);
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      if (body) bodies.push(JSON.parse(body));
      handler(req, res, body);
    });
  });
  server.listen(socket);
  await once(server, 'listening');
  servers.push({ close: () => server.close() });
  return { socket, seen, bodies };
}

export function reply(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** A socket file that nobody listens on (its server was killed): connecting is refused. */
export function staleSocket(): string {
  const socket = join(tempDir('tempfs-api-stale-'), 'api.sock');
  spawnSync(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, 'SIGKILL'))`]);
  return socket;
}
