/**
 * One GET with node:http (exchange): servers here write scripted bytes, so framing (chunked,
 * 1xx, a body until close), cuts, stalls, aborts and back-pressure are exercised exactly.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTlsServer } from 'node:tls';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exchange, type HttpResponse } from '../../../src/models/http-exchange.js';
import { content } from './fixtures.js';

const servers: { close(): unknown }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) s.close();
});

/** A server that answers every connection with `script` (after reading the request head). */
async function scripted(script: (socket: Socket, request: string) => unknown): Promise<URL> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    let head = '';
    socket.on('data', function onData(d) {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      void script(socket, head);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push({ close: () => (sockets.forEach((s) => s.destroy()), server.close()) });
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/file`);
}

async function readAll(r: HttpResponse, sink?: (b: Uint8Array) => Promise<void> | undefined): Promise<Buffer> {
  const parts: Buffer[] = [];
  await r.pipe({
    write: (b) => {
      parts.push(Buffer.from(b)); // a copy: the view is reused by the next read
      return sink?.(b);
    },
  });
  return Buffer.concat(parts);
}

/** Write `bytes` in small pieces with pauses, so every boundary lands inside some read. */
async function dribble(socket: Socket, bytes: Buffer, step = 7): Promise<void> {
  for (let at = 0; at < bytes.length; at += step) {
    socket.write(bytes.subarray(at, at + step));
    if (at % (step * 20) === 0) await new Promise((r) => setTimeout(r, 1));
  }
}

const opts = { headers: {}, idleTimeoutMs: 5000 };

describe('exchange (one GET with node:http)', () => {
  it('sends the request head with Host, identity encoding, Connection: close and the given headers', async () => {
    let seen = '';
    const url = await scripted((s, req) => {
      seen = req;
      s.end('HTTP/1.1 204 No Content\r\n\r\n');
    });
    const r = await exchange(url, { ...opts, headers: { range: 'bytes=5-' } });
    expect(r.status).toBe(204);
    expect(await readAll(r)).toHaveLength(0);
    expect(seen).toMatch(/^GET \/file HTTP\/1\.1\r\n/);
    expect(seen).toContain(`host: ${url.host}\r\n`);
    expect(seen).toContain('accept-encoding: identity\r\n');
    expect(seen.toLowerCase()).toContain('connection: close\r\n');
    expect(seen).toContain('range: bytes=5-\r\n');
  });

  it('decodes a chunked body (extensions, trailers) written a few bytes at a time', async () => {
    const body = content(70_000);
    const url = await scripted(async (s) => {
      const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nETag: "a"\r\nX-Twice: 1\r\nX-Twice: 2\r\n\r\n';
      const pieces = [body.subarray(0, 1), body.subarray(1, 40_000), body.subarray(40_000)];
      const chunks = pieces.map((p, i) => Buffer.concat([Buffer.from(`${p.length.toString(16)}${i === 1 ? ';ext=1' : ''}\r\n`), p, Buffer.from('\r\n')]));
      await dribble(s, Buffer.concat([Buffer.from(wire), ...chunks, Buffer.from('0\r\nX-Trailer: t\r\n\r\n')]), 997);
    });
    const r = await exchange(url, opts);
    expect([r.status, r.header('ETag'), r.header('x-twice')]).toEqual([200, '"a"', '1, 2']);
    expect((await readAll(r)).equals(body)).toBe(true);
  });

  it('skips a 103 Early Hints head and reads a body that ends at the close', async () => {
    const body = content(30_000);
    const url = await scripted(async (s) => {
      await dribble(s, Buffer.concat([Buffer.from('HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n'), body]), 4096);
      s.end();
    });
    const r = await exchange(url, opts);
    expect(r.status).toBe(200);
    expect((await readAll(r)).equals(body)).toBe(true);
  });

  it('waits for a sink that asks to, and keeps the bytes in order', async () => {
    const body = content(2_000_000);
    const url = await scripted((s) => {
      s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
      s.end(body);
    });
    const r = await exchange(url, opts);
    let calls = 0;
    const got = await readAll(r, () => (++calls % 2 ? new Promise((res) => setTimeout(res, 1)) : undefined));
    expect(got.equals(body)).toBe(true);
    expect(calls).toBeGreaterThan(1);
  });

  it('fails when the connection closes before Content-Length bytes', async () => {
    const url = await scripted((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789'));
    const r = await exchange(url, opts);
    await expect(readAll(r)).rejects.toThrow(`connection closed after 10 bytes of the body from ${url.host}`);
  });

  it('fails when a chunked body is cut, and on a malformed head', async () => {
    const cut = await scripted((s) => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc'));
    await expect(exchange(cut, opts).then(readAll)).rejects.toThrow(/connection closed after 3 bytes/);
    const bad = await scripted((s) => s.end('SSH-2.0-OpenSSH\r\n\r\n'));
    await expect(exchange(bad, opts)).rejects.toMatchObject({ code: 'HPE_INVALID_CONSTANT' });
    const twoLengths = await scripted((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n'));
    await expect(exchange(twoLengths, opts)).rejects.toMatchObject({ code: 'HPE_UNEXPECTED_CONTENT_LENGTH' });
  });

  it('fails a connection that goes silent (idle timeout)', async () => {
    const url = await scripted((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc'));
    const r = await exchange(url, { ...opts, idleTimeoutMs: 40 });
    await expect(readAll(r)).rejects.toThrow(/no data from 127\.0\.0\.1:\d+ for 40 ms/);
  });

  it('stops on abort, before and during the body', async () => {
    const url = await scripted((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc'));
    const ac = new AbortController();
    const r = await exchange(url, { ...opts, signal: ac.signal });
    const reading = readAll(r, () => (ac.abort(new Error('stop')), undefined));
    await expect(reading).rejects.toThrow('aborted');
    await expect(exchange(url, { ...opts, signal: ac.signal })).rejects.toThrow('aborted');
  });

  const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url));
  const tls = { key: fixture('localhost-key.pem'), cert: fixture('localhost-cert.pem') };
  const route = (u: URL) => new URL(u.href.replace('//localhost:', '//127.0.0.1:'));
  /** https://localhost:<port>/m of a TLS server listening on 127.0.0.1 (reached by `route`). */
  async function tlsUrl(server: Server): Promise<URL> {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
    return new URL(`https://localhost:${(server.address() as AddressInfo).port}/m`);
  }

  it('keeps body bytes that came in the same TLS read as the head until the body is piped', async () => {
    const body = content(100_000);
    let written!: () => void;
    const sent = new Promise<void>((resolve) => (written = resolve));
    const url = await tlsUrl(
      createTlsServer(tls, (socket) => {
        socket.once('data', () => socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body]), written));
      }),
    );
    const r = await exchange(url, { ...opts, route, ca: tls.cert });
    await sent; // the whole response has left the server before anyone reads the body
    expect((await readAll(r)).equals(body)).toBe(true);
  });

  it('speaks TLS, checking the certificate against the trusted CA', async () => {
    const body = content(600_000);
    const url = await tlsUrl(createHttpsServer(tls, (_req, res) => res.writeHead(200, { 'content-length': body.length }).end(body)));
    const r = await exchange(url, { ...opts, route, ca: tls.cert });
    expect((await readAll(r)).equals(body)).toBe(true);
    // Without the CA the self-signed certificate is refused.
    await expect(exchange(url, { ...opts, route })).rejects.toThrow(/self.signed/i);
  });
});
