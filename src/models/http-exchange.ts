/**
 * One GET on its own connection (HTTP/1.1 over net or tls, `Connection: close`).
 *
 * Why not node:http or fetch: both allocate a fresh buffer per 64 KiB read, and V8 frees
 * those only once ~64 MiB of them are garbage, so reading a 1 GiB body peaks at 95-135 MiB
 * of RSS and spends most of its CPU in stream machinery. Here the socket reads (`onread`)
 * into one reused buffer, or, for a body with a length or ending at the close, straight
 * into the memory the sink offers (the download's write ring: no copy at all). A sink that
 * must wait pauses the socket, which is the back-pressure. bench/model-pull.mjs measures it.
 */
import type { Socket } from 'node:net';
import { bodyDecoder, type BodyDecoder } from './http-body.js';
import { connectFor, connectProxy, connectTunnel, requestText } from './http-connect.js';
import { bodyFraming, HeadReader, type ResponseHead } from './http-head.js';

/** Where a body goes. A returned promise means: read no more until it settles. */
export interface BodySink {
  /** Body bytes, a view valid only during the call. */
  write(bytes: Uint8Array): Promise<void> | undefined;
  /** Optional zero-copy path: memory the next read may fill (never empty)... */
  space?(): Uint8Array;
  /** ...and how many body bytes landed at the start of the last `space()`. */
  commit?(n: number): Promise<void> | undefined;
}

export interface HttpResponse {
  status: number;
  header(name: string): string | null;
  /** Streams the body into `sink`; resolves once the whole body has been handed over. */
  pipe(sink: BodySink): Promise<void>;
  /** Close the connection without reading the body (it may be gigabytes). */
  discard(): void;
}

export interface ExchangeOptions {
  /** Request header fields (lower-case names); Host, Connection and Accept-Encoding are set here. */
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Fail when the connection is silent this long. */
  idleTimeoutMs: number;
  /** Where to connect for `url` (tests send every host to 127.0.0.1). The request still names `url`. */
  route?: (url: URL) => URL;
  /** Trust these certificates instead of the system's (a private mirror; tests). */
  ca?: string | Buffer;
  /** The HTTP proxy to go through (models/proxy.ts picks it): http URLs by absolute form, https by a CONNECT tunnel. */
  proxy?: URL | null;
}

const READ_BUFFER = 256 * 1024;

export function exchange(url: URL, opts: ExchangeOptions): Promise<HttpResponse> {
  try {
    const viaProxy = opts.proxy && url.protocol === 'http:' ? opts.proxy : null;
    return new Exchange(url, requestText(url, opts.headers, viaProxy), opts).response;
  } catch (e) {
    return Promise.reject(e);
  }
}

class Exchange implements HttpResponse {
  status = 0;
  readonly response: Promise<HttpResponse>;
  private head: ResponseHead | null = null;
  private readonly headReader = new HeadReader();
  private readonly buffer = Buffer.allocUnsafe(READ_BUFFER);
  private socket: Socket | null = null;
  private decoder: BodyDecoder | null = null;
  private leftover: Uint8Array | null = null;
  private sink: BodySink | null = null;
  private received = 0;
  private settle: { resolve: (v?: never) => void; reject: (e: unknown) => void } | null = null;
  private done = false;
  private failure: unknown = null;
  private readonly onAbort = () => this.fail(new Error('aborted', { cause: this.opts.signal?.reason }));

  constructor(url: URL, request: string, private readonly opts: ExchangeOptions) {
    this.response = new Promise<HttpResponse>((resolve, reject) => {
      this.settle = { resolve: () => resolve(this), reject };
    });
    // Node calls `buffer` after every read for the memory of the next one.
    const onread = { buffer: () => this.nextBuffer(), callback: (n: number, buf: Uint8Array) => this.onRead(n, buf) };
    if (opts.signal?.aborted) {
      this.onAbort();
      return;
    }
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    const { proxy } = opts;
    if (proxy && url.protocol === 'https:') {
      connectTunnel(url, proxy, onread, { idleTimeoutMs: opts.idleTimeoutMs, signal: opts.signal }, opts.ca).then(
        (socket) => (this.done ? socket.destroy() : this.attach(socket, url, request)),
        (e: unknown) => this.fail(e),
      );
    } else {
      this.attach(proxy ? connectProxy(proxy, onread) : connectFor(url, opts.route?.(url) ?? url, onread, opts.ca), url, request);
    }
  }

  private attach(socket: Socket, url: URL, request: string): void {
    this.socket = socket;
    socket.setTimeout(this.opts.idleTimeoutMs, () => this.fail(new Error(`no data from ${url.host} for ${this.opts.idleTimeoutMs} ms`)));
    socket.on('error', (e) => this.fail(e));
    socket.on('end', () => this.onEnd());
    socket.on('close', () => this.onEnd());
    socket.write(request);
  }

  header(name: string): string | null {
    return this.head?.headers.get(name.toLowerCase()) ?? null;
  }

  pipe(sink: BodySink): Promise<void> {
    if (this.done) return Promise.reject(this.failure ?? new Error('the response was already consumed'));
    this.sink = sink;
    return new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
      const first = this.leftover ?? new Uint8Array(0);
      this.leftover = null;
      if (this.deliverRead(first)) this.socket?.resume();
    });
  }

  discard(): void {
    this.finish();
  }

  private nextBuffer(): Uint8Array {
    // Once piping: a sink's own memory when the framing needs no decoding of the bytes.
    const direct = this.sink?.space && !this.done && this.decoder!.direct;
    return direct ? this.sink!.space!() : this.buffer;
  }

  /** `n` bytes read into `buf`; false pauses the socket. */
  private onRead(n: number, buf: Uint8Array): boolean {
    if (this.done) return false;
    if (buf !== this.buffer) return this.onDirectRead(buf.subarray(0, n));
    const bytes = this.buffer.subarray(0, n);
    if (!this.head) return this.onHeadBytes(bytes);
    return this.deliverRead(bytes);
  }

  /** Bytes that landed in the sink's memory: only how many of them belong to the body matters. */
  private onDirectRead(bytes: Uint8Array): boolean {
    const { data, done } = this.decoder!.feed(bytes);
    const n = data[0]?.length ?? 0;
    this.received += n;
    let wait: Promise<void> | undefined;
    try {
      wait = this.sink!.commit!(n);
    } catch (e) {
      this.fail(e);
      return false;
    }
    return this.afterSink(wait, [], 0, done);
  }

  private onHeadBytes(bytes: Buffer): boolean {
    let complete: { head: ResponseHead; rest: Buffer } | null;
    try {
      complete = this.headReader.push(bytes);
      if (!complete) return true;
      this.decoder = bodyDecoder(bodyFraming(complete.head));
    } catch (e) {
      this.fail(e);
      return false;
    }
    this.head = complete.head;
    this.status = complete.head.status;
    this.leftover = complete.rest;
    const { resolve } = this.settle!;
    this.settle = null;
    resolve();
    return false; // until someone pipes the body
  }

  private deliverRead(bytes: Uint8Array): boolean {
    let out: { data: Uint8Array[]; done: boolean };
    try {
      out = this.decoder!.feed(bytes);
    } catch (e) {
      this.fail(e);
      return false;
    }
    return this.deliver(out.data, 0, out.done);
  }

  /** Hand `data[i..]` to the sink, waiting where it asks; true when the socket may read on. */
  private deliver(data: Uint8Array[], i: number, last: boolean): boolean {
    for (; i < data.length; i++) {
      this.received += data[i]!.length;
      let wait: Promise<void> | undefined;
      try {
        wait = this.sink!.write(data[i]!);
      } catch (e) {
        this.fail(e);
        return false;
      }
      if (wait) return this.afterSink(wait, data, i + 1, last);
    }
    return this.afterSink(undefined, data, data.length, last);
  }

  /** Go on with `data[next..]` once the sink's `wait` settles; true when the socket may read on now. */
  private afterSink(wait: Promise<void> | undefined, data: Uint8Array[], next: number, last: boolean): boolean {
    if (wait) {
      wait.then(
        () => {
          if (!this.done && this.deliver(data, next, last)) this.socket?.resume();
        },
        (e) => this.fail(e),
      );
      return false;
    }
    if (last) {
      const { resolve } = this.settle!;
      this.finish();
      resolve();
      return false;
    }
    return true;
  }

  private onEnd(): void {
    if (this.done) return;
    if (!this.head) return this.fail(new Error('connection closed before a response'));
    // Paused before pipe(): the close is seen when reading resumes.
    if (!this.sink) return;
    if (this.decoder!.endsAtClose) {
      const { resolve } = this.settle!;
      this.finish();
      return resolve();
    }
    this.fail(new Error(`connection closed after ${this.received} bytes of the body`));
  }

  private fail(e: unknown): void {
    if (this.done) return;
    const settle = this.settle;
    this.failure = e;
    this.finish();
    settle?.reject(e);
  }

  private finish(): void {
    this.done = true;
    this.settle = null;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    this.socket?.destroy();
  }
}
