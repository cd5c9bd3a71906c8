/**
 * A local HTTP file server for download tests: Range, ETag / Last-Modified, If-Range, and
 * faults injected per request (a connection cut after N bytes, an error status, corrupt
 * content, Range ignored). It counts the body bytes it sends so tests can prove that a
 * resume asks only for the missing part.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Send this many body bytes, then drop the connection. */
  | { kind: 'cut'; after: number }
  /** Answer with this status (500, 503, 404...) and no file. */
  | { kind: 'status'; status: number }
  /** Send the file with its first byte flipped. */
  | { kind: 'corrupt' }
  /** Answer 200 with the whole file whatever Range says. */
  | { kind: 'ignore-range' }
  /** Send this many body bytes, then nothing more, keeping the connection open. */
  | { kind: 'stall'; after: number };

export interface ServedFile {
  body: Buffer;
  etag?: string | null;
  lastModified?: string | null;
}

export interface RequestRecord {
  path: string;
  range: string | null;
  ifRange: string | null;
  authorization: string | null;
  status: number;
  /** Body bytes sent in this response. */
  bytes: number;
}

export interface FaultServerOptions {
  files: Record<string, ServedFile>;
  /** path -> Location (absolute or relative) answered with 302. */
  redirects?: Record<string, string>;
  /** Every response ignores Range (a server without range support). */
  ignoreRange?: boolean;
  chunkSize?: number;
  /** Pause between chunks: keeps a download running long enough to race it. */
  chunkDelayMs?: number;
}

export class FaultServer {
  readonly faults: Fault[] = [];
  readonly requests: RequestRecord[] = [];
  bytesSent = 0;
  /** While set, file responses wait for it before sending anything (to race a download deterministically). */
  hold: Promise<void> | null = null;
  private server!: Server;
  private port = 0;

  constructor(readonly opts: FaultServerOptions) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Requests for one path (redirect hops included). */
  requestsFor(path: string): RequestRecord[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const record: RequestRecord = {
      path,
      range: req.headers.range ?? null,
      ifRange: (req.headers['if-range'] as string | undefined) ?? null,
      authorization: req.headers.authorization ?? null,
      status: 0,
      bytes: 0,
    };
    this.requests.push(record);
    const redirect = this.opts.redirects?.[path];
    if (redirect) return this.reply(res, record, 302, { location: redirect });
    const file = this.opts.files[path];
    if (!file) return this.reply(res, record, 404);
    if (this.hold) await this.hold;
    const fault = this.faults.shift();
    if (fault?.kind === 'status') return this.reply(res, record, fault.status);

    const size = file.body.length;
    const validators: Record<string, string> = {};
    if (file.etag) validators.etag = file.etag;
    if (file.lastModified) validators['last-modified'] = file.lastModified;
    let start = 0;
    let status = 200;
    const ignore = this.opts.ignoreRange || fault?.kind === 'ignore-range';
    const m = /^bytes=(\d+)-$/.exec(record.range ?? '');
    const ifRangeOk = !record.ifRange || record.ifRange === file.etag || record.ifRange === file.lastModified;
    if (m && !ignore && ifRangeOk) {
      start = Number(m[1]);
      if (start >= size) return this.reply(res, record, 416, { 'content-range': `bytes */${size}` });
      status = 206;
    }
    let body = file.body.subarray(start);
    if (fault?.kind === 'corrupt') {
      body = Buffer.from(body);
      body[0] = (body[0] ?? 0) ^ 0xff;
    }
    const headers: Record<string, string | number> = { ...validators, 'content-length': body.length, 'accept-ranges': ignore ? 'none' : 'bytes' };
    if (status === 206) headers['content-range'] = `bytes ${start}-${size - 1}/${size}`;
    record.status = status;
    res.writeHead(status, headers);
    const limit = fault?.kind === 'cut' || fault?.kind === 'stall' ? Math.min(fault.after, body.length) : body.length;
    await this.send(res, record, body.subarray(0, limit));
    if (fault?.kind === 'stall') return; // the client's idle timeout has to end it
    if (limit < body.length) {
      // Let the bytes reach the client before the cut, so the count is exact.
      await sleep(30);
      res.socket?.destroy();
      return;
    }
    res.end();
  }

  private async send(res: ServerResponse, record: RequestRecord, body: Buffer): Promise<void> {
    const step = this.opts.chunkSize ?? 64 * 1024;
    for (let at = 0; at < body.length; at += step) {
      const chunk = body.subarray(at, at + step);
      const flushed = new Promise<void>((resolve, reject) => res.write(chunk, (e) => (e ? reject(e) : resolve())));
      await flushed;
      this.bytesSent += chunk.length;
      record.bytes += chunk.length;
      if (this.opts.chunkDelayMs) await sleep(this.opts.chunkDelayMs);
    }
  }

  private reply(res: ServerResponse, record: RequestRecord, status: number, headers: Record<string, string> = {}): void {
    record.status = status;
    res.writeHead(status, headers);
    res.end();
  }
}

export function startFaultServer(opts: FaultServerOptions): Promise<FaultServer> {
  return new FaultServer(opts).start();
}
