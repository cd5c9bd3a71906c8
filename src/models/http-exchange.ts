/**
 * One GET on its own connection, with node:http / node:https (no agent: `Connection: close`),
 * its body streamed into a sink by `stream.pipeline`: a sink that must wait holds the
 * write callback, which pauses the socket (the back-pressure). Identity encoding only: a
 * compressed body would not match Content-Length, Range or the checksum.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startRequest, type Route } from './http-connect.js';

/** Where a body goes. A returned promise means: read no more until it settles. */
export interface BodySink {
  /** Body bytes; the sink copies what it keeps. */
  write(bytes: Uint8Array): Promise<void> | undefined;
}

export interface HttpResponse {
  status: number;
  header(name: string): string | null;
  /** Streams the body into `sink`; resolves once the whole body has been handed over. */
  pipe(sink: BodySink): Promise<void>;
  /** Close the connection without reading the body (it may be gigabytes). */
  discard(): void;
}

export interface ExchangeOptions extends Route {
  /** Request header fields (lower-case names); user-agent, accept and accept-encoding defaults are set here, Host in startRequest. */
  headers: Record<string, string>;
}

export async function exchange(url: URL, opts: ExchangeOptions): Promise<HttpResponse> {
  if (opts.signal?.aborted) throw aborted(opts.signal);
  const headers = { 'user-agent': 'tempfs', accept: '*/*', 'accept-encoding': 'identity', ...opts.headers };
  const req = await startRequest(url, headers, opts);
  return new Promise((resolve, reject) => {
    const exchange = new Exchange(req, url, opts, reject);
    req.once('response', (res) => resolve(exchange.received(res)));
    req.end();
  });
}

class Exchange implements HttpResponse {
  status = 0;
  private res: IncomingMessage | null = null;
  /** The request's own failure (timeout, abort, socket error): it explains a cut body better than "aborted". */
  private failure: Error | null = null;
  private bytes = 0;
  private readonly onAbort = () => this.req.destroy(aborted(this.opts.signal!));

  constructor(
    private readonly req: ClientRequest,
    private readonly url: URL,
    private readonly opts: ExchangeOptions,
    reject: (e: Error) => void,
  ) {
    // (An abort while a CONNECT tunnel was being opened is seen here.)
    if (opts.signal?.aborted) queueMicrotask(this.onAbort);
    else opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    req.setTimeout(opts.idleTimeoutMs, () => req.destroy(new Error(`no data from ${url.host} for ${opts.idleTimeoutMs} ms`)));
    req.on('error', (e) => {
      this.failure ??= e;
      reject(e); // a no-op once the response is in
    });
    req.on('close', () => opts.signal?.removeEventListener('abort', this.onAbort));
  }

  received(res: IncomingMessage): this {
    this.res = res;
    this.status = res.statusCode ?? 0;
    // A body cut short is an 'error' of the response too; pipe() reports it, discard() ignores it.
    res.on('error', () => {});
    return this;
  }

  header(name: string): string | null {
    const value = this.res?.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : (value ?? null);
  }

  async pipe(sink: BodySink): Promise<void> {
    const res = this.res!;
    const into = new Writable({
      // One chunk in flight: the sink's own buffers are the only ones.
      highWaterMark: 0,
      write: (chunk: Buffer, _encoding, done) => {
        this.bytes += chunk.length;
        let wait: Promise<void> | undefined;
        try {
          wait = sink.write(chunk);
        } catch (e) {
          return done(e as Error);
        }
        if (wait) wait.then(() => done(), done);
        else done();
      },
    });
    try {
      await pipeline(res, into);
    } catch (e) {
      if (this.failure) throw this.failure;
      // The server closed the connection before the body's end.
      if (!res.complete && (e as NodeJS.ErrnoException).code === 'ECONNRESET') {
        throw new Error(`connection closed after ${this.bytes} bytes of the body from ${this.url.host}`, { cause: e });
      }
      throw e;
    }
  }

  discard(): void {
    this.req.destroy();
  }
}

const aborted = (signal: AbortSignal) => new Error('aborted', { cause: signal.reason });
