/**
 * The second half of `input` with `waitFor`/`idleMs`: wait for a pattern in what comes
 * back after the write, or for the output to go quiet, and return that output (the
 * screen view: complete lines after the write, then the partial one).
 */
import { compilePattern, waitFor, type WaitSource } from './wait-for.js';

export interface AfterInputOptions {
  /** Lines with seq above this are what came back. */
  since: number;
  waitFor?: string;
  idleMs?: number;
  timeoutMs: number;
  now: () => number;
  signal?: AbortSignal;
}

export interface AfterInput {
  output: string;
  found?: boolean;
  match?: string;
  partial?: boolean;
  timedOut: boolean;
  elapsedMs: number;
}

export async function afterInput(source: WaitSource, options: AfterInputOptions): Promise<AfterInput> {
  const started = options.now();
  let timedOut = false;
  let found: Pick<AfterInput, 'found' | 'match' | 'partial'> = {};
  if (options.waitFor !== undefined) {
    const regex = compilePattern(options.waitFor);
    const r = await waitFor(source, regex, { timeoutMs: options.timeoutMs, since: options.since, now: options.now, signal: options.signal, skipCurrentPartial: true });
    found = { found: r.found, ...(r.match === undefined ? {} : { match: r.match }), ...(r.partial ? { partial: true } : {}) };
    timedOut = !r.found && !source.ended && !options.signal?.aborted;
  } else if (options.idleMs !== undefined) {
    timedOut = !(await quiet(source, options.idleMs, options.timeoutMs, options.signal));
  }
  const lines = source.ring.range(options.since + 1).map((e) => e.text);
  if (source.partial) lines.push(source.partial);
  return { output: lines.join('\n'), ...found, timedOut, elapsedMs: options.now() - started };
}

/** True once nothing was printed for `idleMs`; false when `timeoutMs` passed first. */
function quiet(source: WaitSource, idleMs: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let idle: NodeJS.Timeout;
    const done = (ok: boolean) => {
      clearTimeout(idle);
      clearTimeout(limit);
      source.off('line', bump);
      source.off('partial', bump);
      signal?.removeEventListener('abort', abort);
      resolve(ok);
    };
    const bump = () => {
      clearTimeout(idle);
      idle = setTimeout(() => done(true), idleMs);
    };
    const abort = () => done(true);
    const limit = setTimeout(() => done(false), timeoutMs);
    source.on('line', bump);
    source.on('partial', bump);
    signal?.addEventListener('abort', abort, { once: true });
    bump();
  });
}
