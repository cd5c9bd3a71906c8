/**
 * The terminal host's socket: each connection is one client (a `tempfs mcp`, a `tempfs
 * attach`, a `tempfs down`) with its own HostSession. Requests name a ProcessControl method
 * and pass its arguments as an array; a call that takes an AbortSignal is cancelled by a
 * `cancel` notification or when the connection closes; `execute`/`run` send their output
 * lines as progress events. `watch` is a person's view of a terminal: after its answer the
 * host pushes `data` events (the raw output) and `end`, and takes `keys` / `winsize`
 * notifications. `shutdown` ends everything (`tempfs down`).
 */
import type { Socket } from 'node:net';
import { encode, errorBody, onMessages, type RpcMessage } from './rpc.js';
import type { HostSession, TerminalHost } from './terminal-host.js';
import type { TerminalAttachment } from './types.js';

/** The ProcessControl methods a client may call. */
export const CONTROL_METHODS = [
  'execute', 'background', 'started', 'status', 'list', 'logs', 'raw', 'stop', 'signal', 'wait', 'input',
  'create', 'run', 'resize', 'history', 'terminalList', 'lost', 'destroy', 'detach', 'reattach', 'dispose',
] as const;
export type ControlMethod = (typeof CONTROL_METHODS)[number];

/** Methods whose first argument is an options object that takes `signal` (and `onLine` for the streaming ones). */
const CANCELLABLE = new Set<string>(['execute', 'run', 'wait', 'input']);
const STREAMING = new Set<string>(['execute', 'run']);
/** At most one progress event per request this often (the latest line wins). */
const PROGRESS_EVERY_MS = 250;

export interface ConnectionHooks {
  /** `tempfs down`: end everything; the host then exits. */
  shutdown: () => Promise<void>;
}

export function serveConnection(socket: Socket, host: TerminalHost, hooks: ConnectionHooks): void {
  let session: HostSession | undefined;
  const running = new Map<number, AbortController>();
  let view: { attachment: TerminalAttachment; unsubscribe: () => void } | undefined;
  const send = (message: RpcMessage) => {
    if (!socket.destroyed && socket.writable) socket.write(encode(message));
  };
  socket.on('error', () => socket.destroy());
  socket.once('close', () => {
    for (const controller of running.values()) controller.abort(new Error('the client went'));
    view?.unsubscribe();
    void session?.dispose();
  });
  try {
    session = host.connect();
  } catch (error) {
    socket.end(encode({ error: errorBody(error) }));
    return;
  }

  const answer = async (id: number, work: () => Promise<unknown> | unknown) => {
    try {
      send({ id, result: (await work()) ?? null });
    } catch (error) {
      send({ id, error: errorBody(error) });
    }
  };

  onMessages(socket, (message) => {
    const { id, method } = message;
    const params = Array.isArray(message.params) ? message.params : message.params === undefined ? [] : [message.params];
    if (id === undefined) {
      // Notifications: a cancel, or a watching person's keys and size.
      const p = (params[0] ?? {}) as { id?: number; data?: string; cols?: number; rows?: number };
      if (method === 'cancel' && typeof p.id === 'number') running.get(p.id)?.abort(new Error('cancelled by the client'));
      else if (method === 'keys' && typeof p.data === 'string') tryQuietly(() => view?.attachment.write(p.data!));
      else if (method === 'winsize' && p.cols && p.rows) tryQuietly(() => view?.attachment.resize(p.cols!, p.rows!));
      return;
    }
    if (method === 'watch') {
      void answer(id, () => {
        const p = (params[0] ?? {}) as { terminal?: string; cols?: number; rows?: number };
        const attachment = host.watch(String(p.terminal));
        if (p.cols && p.rows) attachment.resize(p.cols, p.rows);
        view?.unsubscribe();
        // Subscribed once the answer is on its way, so the output follows it.
        queueMicrotask(() => {
          const unsubscribe = attachment.subscribe(
            (chunk) => send({ event: 'data', params: chunk }),
            () => {
              send({ event: 'end' });
              socket.end();
            },
          );
          view = { attachment, unsubscribe };
        });
        return { terminal: attachment.info, tail: attachment.tail };
      });
      return;
    }
    if (method === 'shutdown') {
      void answer(id, async () => {
        await hooks.shutdown();
        return { ended: true };
      });
      return;
    }
    if (!(CONTROL_METHODS as readonly string[]).includes(String(method))) {
      send({ id, error: { code: 'USAGE', message: `the terminal host has no method ${String(method)}` } });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    // An argument left out travels as null (JSON has no undefined): left out it is again.
    const args = params.map((a) => (a === null ? undefined : a));
    if (CANCELLABLE.has(method!)) {
      const options = { ...(args[0] as object), signal: controller.signal } as Record<string, unknown>;
      if (STREAMING.has(method!)) options.onLine = progressSender(id, send);
      args[0] = options;
    }
    void answer(id, () => (session![method as ControlMethod] as (...a: unknown[]) => Promise<unknown>)(...args)).finally(() => running.delete(id));
  });
}

function progressSender(id: number, send: (message: RpcMessage) => void): (line: string) => void {
  let latest: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  return (line) => {
    latest = line;
    timer ??= setTimeout(() => {
      timer = undefined;
      send({ event: 'progress', id, params: latest });
    }, PROGRESS_EVERY_MS);
  };
}

function tryQuietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // The terminal ended; its `end` event follows.
  }
}
