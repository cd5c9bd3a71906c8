/**
 * The connection and request head of one GET: plain TCP or TLS, reading through `onread`
 * (Node asks `buffer()` for the memory of each next read and hands the bytes to `callback`;
 * a `false` from it pauses the socket).
 */
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as connectTls, type ConnectionOptions } from 'node:tls';

export interface OnRead {
  buffer: () => Uint8Array;
  callback: (n: number, buf: Uint8Array) => boolean;
}

/**
 * Connect for `url`, to `target` (the same URL unless a test routes it elsewhere). TLS
 * checks the certificate against the logical host, wherever the connection goes.
 */
export function connectFor(url: URL, target: URL, onread: OnRead, ca?: string | Buffer): Socket {
  const host = bare(target.hostname);
  if (target.protocol !== 'https:') return connectTcp({ host, port: Number(target.port) || 80, onread });
  // tls honours `onread` as net does (Node 20+); its typings just do not say so.
  return connectTls({ ...tlsOptions(url, ca), host, port: Number(target.port) || 443, onread } as ConnectionOptions);
}

/** TLS towards `url`'s host: the certificate is checked against that name. */
function tlsOptions(url: URL, ca?: string | Buffer): ConnectionOptions {
  const name = bare(url.hostname);
  return { servername: isIP(name) ? undefined : name, checkServerIdentity: (_host, cert) => checkServerIdentity(name, cert), ALPNProtocols: ['http/1.1'], ca };
}

/** A plain connection to an HTTP proxy (`http:` URLs are then asked for in absolute form). */
export function connectProxy(proxy: URL, onread: OnRead): Socket {
  return connectTcp({ host: bare(proxy.hostname), port: Number(proxy.port) || 80, onread });
}

/**
 * A TLS connection to `url` through an HTTP proxy's CONNECT tunnel. Node reads a TLS socket
 * made over an existing one by 'data' events, not `onread`: the bytes are copied into the
 * reader's buffer, as `onread` would have had them.
 */
export interface TunnelLimits {
  /** The proxy must answer CONNECT within this (the download's idle limit). */
  idleTimeoutMs: number;
  /** Gives up the wait (and the connection) when aborted. */
  signal?: AbortSignal;
}

export async function connectTunnel(url: URL, proxy: URL, onread: OnRead, limits: TunnelLimits, ca?: string | Buffer): Promise<Socket> {
  const raw = connectTcp({ host: bare(proxy.hostname), port: Number(proxy.port) || 80 });
  const authority = `${url.hostname}:${url.port || 443}`;
  raw.write(`CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n${proxyAuthorization(proxy)}\r\n`);
  await new Promise<void>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return head.length > 16_384 ? done(new Error('proxy: response head too large')) : undefined;
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      done(status === '200' ? undefined : new Error(`proxy ${proxy.host} refused CONNECT ${authority}: ${head.split('\r\n')[0]}`));
    };
    const done = (e?: Error) => {
      raw.off('data', onData).off('error', done).off('close', closed);
      raw.setTimeout(0);
      limits.signal?.removeEventListener('abort', aborted);
      if (e) {
        raw.destroy();
        reject(e);
      } else resolve();
    };
    const closed = () => done(new Error(`proxy ${proxy.host} closed the connection before CONNECT answered`));
    const aborted = () => done(new Error('aborted', { cause: limits.signal?.reason }));
    // A proxy that accepts the connection and never answers must not hold the download forever.
    raw.setTimeout(limits.idleTimeoutMs, () => done(new Error(`proxy ${proxy.host} did not answer CONNECT ${authority} within ${limits.idleTimeoutMs} ms`)));
    if (limits.signal?.aborted) return aborted();
    limits.signal?.addEventListener('abort', aborted, { once: true });
    raw.on('data', onData).on('error', done).on('close', closed);
  });
  const tls = connectTls({ ...tlsOptions(url, ca), socket: raw });
  // What a `false` from the reader left of a chunk; delivered first when it resumes the socket.
  let pending: Buffer | null = null;
  const deliver = (chunk: Buffer): boolean => {
    for (let at = 0; at < chunk.length; ) {
      const buf = onread.buffer();
      const n = Math.min(buf.length, chunk.length - at);
      buf.set(chunk.subarray(at, at + n));
      at += n;
      if (!onread.callback(n, buf)) {
        pending = at < chunk.length ? chunk.subarray(at) : null;
        tls.pause();
        return false;
      }
    }
    pending = null;
    return true;
  };
  tls.on('data', deliver);
  // As with `onread`, the end of the connection is seen only once the reader has taken
  // every byte: 'end' and 'close' wait while it is paused.
  const held: [string, unknown[]][] = [];
  const emit = tls.emit.bind(tls);
  tls.emit = (event: string | symbol, ...args: unknown[]): boolean => {
    if ((event === 'end' || event === 'close') && tls.isPaused()) return held.push([event, args]) > 0;
    return emit(event, ...args);
  };
  const resume = tls.resume.bind(tls);
  tls.resume = () => {
    if (pending && !deliver(pending)) return tls;
    resume();
    for (const [event, args] of held.splice(0)) emit(event, ...args);
    return tls;
  };
  // Ending the download ends the tunnel too.
  tls.once('close', () => raw.destroy());
  const destroy = tls.destroy.bind(tls);
  tls.destroy = (error?: Error) => (destroy(error), raw.destroy(), tls);
  return tls;
}

/** `proxy-authorization: Basic …` for a proxy URL with credentials, else nothing. */
export function proxyAuthorization(proxy: URL): string {
  if (!proxy.username) return '';
  const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `proxy-authorization: Basic ${Buffer.from(user).toString('base64')}\r\n`;
}

/** `[::1]` -> `::1` */
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/** The request head; throws on a header value that would split it. */
export function requestText(url: URL, headers: Record<string, string>, viaProxy: URL | null = null): string {
  const fields: Record<string, string> = {
    host: url.host,
    'user-agent': 'tempfs',
    accept: '*/*',
    // identity: a compressed body would not match Content-Length, Range or the checksum.
    'accept-encoding': 'identity',
    // One request per connection: no pooling to manage, and the end of a body is the end of the stream.
    connection: 'close',
    ...headers,
  };
  // Through a proxy (http: only; https goes through a tunnel) the request names the whole URL.
  let text = `GET ${viaProxy ? `${url.origin}` : ''}${url.pathname}${url.search} HTTP/1.1\r\n${viaProxy ? proxyAuthorization(viaProxy) : ''}`;
  for (const [name, value] of Object.entries(fields)) {
    if (/[\r\n]/.test(value)) throw new Error(`header ${name} contains a line break`);
    text += `${name}: ${value}\r\n`;
  }
  return text + '\r\n';
}
