/**
 * Downloads through a proxy: HTTP_PROXY for http URLs (the request names the whole URL),
 * HTTPS_PROXY for https ones (a CONNECT tunnel, TLS end to end), NO_PROXY to bypass. The
 * proxy is a small one written here, on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exchange, type HttpResponse } from '../../../src/models/http-exchange.js';
import { httpGet } from '../../../src/models/http-get.js';
import { proxyFor } from '../../../src/models/proxy.js';

const servers: Server[] = [];
const tunnels: Socket[] = [];
afterEach(async () => {
  // CONNECT sockets are no longer the servers' to close.
  for (const t of tunnels.splice(0)) t.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r).closeAllConnections?.())));
});

async function listen<S extends Server>(server: S): Promise<S & { port: number }> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return Object.assign(server, { port: (server.address() as AddressInfo).port });
}

/** A forward proxy (absolute-form GET) and CONNECT tunnel; `seen` records what it was asked. */
async function startProxy() {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['proxy-authorization'] ?? ''}`.trim());
    const upstream = request(req.url!, { method: req.method, headers: req.headers }, (up: IncomingMessage) => {
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    upstream.end();
  });
  server.on('connect', (req: IncomingMessage, client, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    tunnels.push(client as Socket);
    const [host, port] = req.url!.split(':');
    const up = connect(Number(port), host === 'localhost' ? '127.0.0.1' : host!, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    tunnels.push(up);
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  return { proxy: await listen(server), seen };
}

async function readAll(r: HttpResponse): Promise<Buffer> {
  const parts: Buffer[] = [];
  await r.pipe({ write: (b) => void parts.push(Buffer.from(b)) });
  return Buffer.concat(parts);
}

const body = Buffer.from(Array.from({ length: 2_000_000 }, (_, i) => (i * 31) % 251));

describe('proxyFor', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', http_proxy: 'proxy.corp:8080', NO_PROXY: 'localhost,.internal,mirror.example:8443' };
  it('picks the proxy of the scheme, in either spelling, and bypasses what NO_PROXY names', () => {
    expect(proxyFor(new URL('https://huggingface.co/m.gguf'), env)?.href).toBe('http://proxy.corp:3128/');
    expect(proxyFor(new URL('http://example.org/m'), env)?.href).toBe('http://proxy.corp:8080/');
    expect(proxyFor(new URL('http://localhost:9000/m'), env)).toBeNull();
    expect(proxyFor(new URL('https://files.internal/m'), env)).toBeNull();
    expect(proxyFor(new URL('https://internal/m'), env)).toBeNull();
    expect(proxyFor(new URL('https://mirror.example:8443/m'), env)).toBeNull();
    expect(proxyFor(new URL('https://mirror.example/m'), env)?.host).toBe('proxy.corp:3128');
    expect(proxyFor(new URL('https://a.b/m'), { ...env, NO_PROXY: '*' })).toBeNull();
    expect(proxyFor(new URL('https://a.b/m'), {})).toBeNull();
  });
});

describe('a download through a proxy', () => {
  it('http: asks the proxy for the whole URL (with the proxy credentials), and gets the body', async () => {
    const origin = await listen(createServer((_req, res) => res.writeHead(200, { 'content-length': body.length }).end(body)));
    const { proxy, seen } = await startProxy();
    const url = `http://127.0.0.1:${origin.port}/m.gguf`;
    const { response } = await httpGet(url, { headers: {}, env: { HTTP_PROXY: `http://user:pw@127.0.0.1:${proxy.port}` } });
    expect(response.status).toBe(200);
    expect((await readAll(response)).equals(body)).toBe(true);
    expect(seen).toEqual([`GET ${url} Basic ${Buffer.from('user:pw').toString('base64')}`]);
  });

  it('https: tunnels with CONNECT and checks the certificate of the real host, not the proxy', async () => {
    const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url));
    const origin = await listen(
      createHttpsServer({ key: fixture('localhost-key.pem'), cert: fixture('localhost-cert.pem') }, (_req, res) =>
        res.writeHead(200, { 'content-length': body.length }).end(body),
      ),
    );
    const { proxy, seen } = await startProxy();
    const url = new URL(`https://localhost:${origin.port}/m.gguf`);
    const via = proxyFor(url, { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` });
    const r = await exchange(url, { headers: {}, idleTimeoutMs: 5000, proxy: via, ca: fixture('localhost-cert.pem') });
    expect(r.status).toBe(200);
    expect((await readAll(r)).equals(body)).toBe(true);
    expect(seen).toEqual([`CONNECT localhost:${origin.port}`]);
    // A sink that makes the reader wait now and then: the tunnel pauses and resumes in order.
    const slow = await exchange(url, { headers: {}, idleTimeoutMs: 5000, proxy: via, ca: fixture('localhost-cert.pem') });
    const parts: Buffer[] = [];
    let writes = 0;
    await slow.pipe({ write: (b) => (parts.push(Buffer.from(b)), ++writes % 3 === 0 ? new Promise<void>((r) => setImmediate(r)) : undefined) });
    expect(Buffer.concat(parts).equals(body)).toBe(true);
    // The tunnel changes nothing about trust: without the CA the certificate is refused.
    await expect(exchange(url, { headers: {}, idleTimeoutMs: 5000, proxy: via })).rejects.toThrow(/self.signed/i);
  });

  it('a proxy that refuses CONNECT is a failure that names it', async () => {
    const refusing = await listen(createServer());
    refusing.on('connect', (_req: IncomingMessage, client) => client.end('HTTP/1.1 403 Forbidden\r\n\r\n'));
    const url = new URL('https://localhost:1/m.gguf');
    await expect(exchange(url, { headers: {}, idleTimeoutMs: 5000, proxy: new URL(`http://127.0.0.1:${refusing.port}`) })).rejects.toThrow(
      /refused CONNECT localhost:1: HTTP\/1\.1 403 Forbidden/,
    );
  });

  it('a proxy that never answers CONNECT fails after the idle limit, naming it', async () => {
    const silent = await listen(createServer());
    silent.on('connect', (_req: IncomingMessage, client) => void tunnels.push(client as Socket));
    const url = new URL('https://localhost:1/m.gguf');
    await expect(exchange(url, { headers: {}, idleTimeoutMs: 40, proxy: new URL(`http://127.0.0.1:${silent.port}`) })).rejects.toThrow(
      /did not answer CONNECT localhost:1 within 40 ms/,
    );
  });

  it('an abort while the proxy has not answered CONNECT ends the wait at once', async () => {
    const silent = await listen(createServer());
    silent.on('connect', (_req: IncomingMessage, client) => void tunnels.push(client as Socket));
    const url = new URL('https://localhost:1/m.gguf');
    const controller = new AbortController();
    const pending = exchange(url, { headers: {}, idleTimeoutMs: 60_000, signal: controller.signal, proxy: new URL(`http://127.0.0.1:${silent.port}`) });
    await once(silent, 'connect');
    controller.abort();
    await expect(pending).rejects.toThrow(/aborted/);
  });
});
