/**
 * How one GET reaches its server with node:http / node:https: straight (TLS checked against
 * the logical host, wherever a test routes the connection), through an HTTP proxy (http:
 * URLs in absolute form) or through a proxy's CONNECT tunnel (https: URLs; TLS end to end).
 */
import { request as requestHttp, type RequestOptions } from 'node:http';
import { request as requestHttps } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls';

/** Where to connect for `url` (tests send every host to 127.0.0.1); the request still names `url`. */
export type RouteLike = (url: URL) => URL;

export interface Route {
  route?: RouteLike;
  /** Trust these certificates instead of the system's (a private mirror; tests). */
  ca?: string | Buffer;
  /** The HTTP proxy to go through (models/proxy.ts picks it). */
  proxy?: URL | null;
  /** The proxy must answer CONNECT within this (the download's idle limit). */
  idleTimeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Start the GET of `url` with `headers` (lower-case names). Rejects only when a CONNECT
 * tunnel cannot be opened; every later failure is the request's 'error'.
 */
export async function startRequest(url: URL, headers: Record<string, string>, how: Route) {
  const path = `${url.pathname}${url.search}`;
  // One request per connection (no agent): no pool to manage, and the end of a body is the end of the stream.
  const common: RequestOptions = { method: 'GET', headers: { host: url.host, ...headers }, agent: false };
  const { proxy } = how;
  if (proxy && url.protocol === 'https:') {
    const socket = await tunnel(url, proxy, how);
    // No agent here (`agent: false` would make one, and it would connect by itself).
    return requestHttp({ ...common, agent: undefined, path, createConnection: () => socket });
  }
  if (proxy) {
    // The proxy gets the whole URL; the credentials in the proxy URL are for it alone.
    const auth = proxyAuthorization(proxy);
    return requestHttp({ ...common, ...endpoint(proxy), path: url.origin + path, headers: { ...common.headers, ...auth } });
  }
  const target = how.route?.(url) ?? url;
  if (target.protocol !== 'https:') return requestHttp({ ...common, ...endpoint(target), path });
  return requestHttps({ ...common, ...endpoint(target), path, ...tlsOptions(url, how.ca) });
}

const endpoint = (u: URL) => ({ host: bare(u.hostname), port: Number(u.port) || (u.protocol === 'https:' ? 443 : 80) });

/** TLS towards `url`'s host: the certificate is checked against that name. */
function tlsOptions(url: URL, ca?: string | Buffer): ConnectionOptions {
  const name = bare(url.hostname);
  return { servername: isIP(name) ? '' : name, checkServerIdentity: (_host, cert) => checkServerIdentity(name, cert), ca };
}

/** A TLS connection to `url` through `proxy`'s CONNECT tunnel. */
function tunnel(url: URL, proxy: URL, how: Route): Promise<TLSSocket> {
  const authority = `${url.hostname}:${url.port || 443}`;
  const { idleTimeoutMs: ms, signal } = how;
  return new Promise((resolve, reject) => {
    const req = requestHttp({
      ...endpoint(proxy),
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...proxyAuthorization(proxy) },
      agent: false,
    });
    const fail = (e: Error) => {
      signal?.removeEventListener('abort', aborted);
      req.destroy();
      reject(e);
    };
    const aborted = () => fail(new Error('aborted', { cause: signal?.reason }));
    if (signal?.aborted) return aborted();
    signal?.addEventListener('abort', aborted, { once: true });
    // A proxy that accepts the connection and never answers must not hold the download forever.
    req.setTimeout(ms, () => fail(new Error(`proxy ${proxy.host} did not answer CONNECT ${authority} within ${ms} ms`)));
    req.on('error', (e) => fail(new Error(`proxy ${proxy.host} failed CONNECT ${authority}: ${e.message}`, { cause: e })));
    req.on('connect', (res, socket: Socket, head: Buffer) => {
      signal?.removeEventListener('abort', aborted);
      socket.setTimeout(0);
      socket.removeAllListeners('timeout');
      if (res.statusCode !== 200) {
        socket.destroy();
        return reject(new Error(`proxy ${proxy.host} refused CONNECT ${authority}: HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}`));
      }
      if (head.length > 0) socket.unshift(head);
      const tls = connectTls({ ...tlsOptions(url, how.ca), socket });
      // Ending the download ends the tunnel too.
      tls.once('close', () => socket.destroy());
      resolve(tls);
    });
    req.end();
  });
}

/** `proxy-authorization: Basic …` for a proxy URL with credentials, else nothing. */
function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(user).toString('base64')}` };
}

/** `[::1]` -> `::1` */
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');
