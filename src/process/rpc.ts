/**
 * The one framing of the terminal host's socket: line-delimited JSON. A request
 * `{id, method, params}` is answered by `{id, result}` or `{id, error: {code, message, hint}}`;
 * a message without `id` is a notification (`{method, params}` from a client: keys, a
 * cancel; `{event, params}` from the host: output for `tempfs attach`, a progress line of a
 * request, `{event: "progress", id, params}`). Used by the host and its clients (host-client.ts,
 * `tempfs attach` through watchTerminal there).
 */
import type { Socket } from 'node:net';
import { TempfsError, type ErrorCode } from '../errors.js';
import { LineSplitter } from '../shared/line-splitter.js';

export interface RpcErrorBody {
  code: string;
  message: string;
  hint?: string;
}

export interface RpcMessage {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: RpcErrorBody;
  event?: string;
}

/** A line longer than this is not ours: it is cut, fails to parse, and the connection is closed. */
const MAX_LINE = 64 * 1024 * 1024;

/** Splits a byte stream into JSON messages, one a line; a line that is not a JSON object comes out as `undefined`. */
export class LineDecoder {
  private out: (RpcMessage | undefined)[] = [];
  private readonly splitter: LineSplitter;

  constructor(maxLine = MAX_LINE) {
    this.splitter = new LineSplitter((line) => {
      if (line.trim() !== '') this.out.push(parse(line));
    }, maxLine);
  }

  /** The complete messages in `chunk`. */
  push(chunk: Buffer | string): (RpcMessage | undefined)[] {
    this.splitter.push(chunk);
    const out = this.out;
    this.out = [];
    return out;
  }
}

function parse(line: string): RpcMessage | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RpcMessage) : undefined;
  } catch {
    return undefined;
  }
}

export function encode(message: RpcMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/** An error as it crosses the socket: a TempfsError keeps its code and hint. */
export function errorBody(error: unknown): RpcErrorBody {
  if (error instanceof TempfsError) return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export function errorFromBody(body: RpcErrorBody): TempfsError {
  return new TempfsError(body.code as ErrorCode, body.message, body.hint ? { hint: body.hint } : {});
}

/** Reads messages off a socket; a line that is not a JSON object (or one too long) ends the connection. */
export function onMessages(socket: Socket, handle: (message: RpcMessage) => void): void {
  const decoder = new LineDecoder();
  socket.on('data', (chunk: Buffer) => {
    for (const message of decoder.push(chunk)) {
      if (message === undefined) {
        socket.end(encode({ error: { code: 'USAGE', message: 'not a JSON object' } }));
        return;
      }
      handle(message);
    }
  });
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Progress lines the host sends while the request runs. */
  onProgress?: (line: string) => void;
}

/** The client end: calls with answers, notifications, and the host's events. */
export class RpcClient {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress?: (line: string) => void }>();
  private closedError: Error | undefined;

  constructor(
    private readonly socket: Socket,
    onEvent: (event: string, params: unknown) => void = () => {},
  ) {
    onMessages(socket, (message) => {
      if (message.event !== undefined) {
        if (message.event === 'progress' && message.id !== undefined) this.waiting.get(message.id)?.onProgress?.(String(message.params));
        else onEvent(message.event, message.params);
        return;
      }
      const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id!);
      if (message.error) waiter.reject(errorFromBody(message.error));
      else waiter.resolve(message.result);
    });
    socket.on('error', () => {});
    socket.once('close', () => {
      this.closedError = new TempfsError('PROCESS', 'the connection to the terminal host closed', {
        hint: 'the host ended (a `tempfs down` of the project, or it was killed); its terminals are gone — create them again',
      });
      for (const waiter of this.waiting.values()) waiter.reject(this.closedError);
      this.waiting.clear();
    });
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  call<R>(method: string, params: unknown, options: CallOptions = {}): Promise<R> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
      const { signal } = options;
      if (signal) {
        const cancel = () => this.notify('cancel', { id });
        if (signal.aborted) queueMicrotask(cancel);
        else signal.addEventListener('abort', cancel, { once: true });
      }
      this.socket.write(encode({ id, method, params }));
    });
  }

  notify(method: string, params: unknown): void {
    if (!this.closedError) this.socket.write(encode({ method, params }));
  }

  close(): void {
    this.socket.end();
  }
}
