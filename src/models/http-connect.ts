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
  const name = bare(url.hostname);
  // tls honours `onread` as net does (Node 20+); its typings just do not say so.
  const options: ConnectionOptions & { onread: OnRead } = {
    host,
    port: Number(target.port) || 443,
    servername: isIP(name) ? undefined : name,
    checkServerIdentity: (_host, cert) => checkServerIdentity(name, cert),
    ALPNProtocols: ['http/1.1'],
    ca,
    onread,
  };
  return connectTls(options);
}

/** `[::1]` -> `::1` */
const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/** The request head; throws on a header value that would split it. */
export function requestText(url: URL, headers: Record<string, string>): string {
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
  let text = `GET ${url.pathname}${url.search} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(fields)) {
    if (/[\r\n]/.test(value)) throw new Error(`header ${name} contains a line break`);
    text += `${name}: ${value}\r\n`;
  }
  return text + '\r\n';
}
