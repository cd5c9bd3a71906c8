/**
 * Waits for a line matching a pattern: first among the lines already buffered, then
 * among new ones. Gives up (found: false) at the deadline, when the process has ended
 * for good without a match, or when the caller aborts.
 */
import { TempfsError } from '../errors.js';
import { compileUserPattern, type UserPattern } from '../shared/user-pattern.js';
import type { ManagedProcess } from './managed-process.js';
import type { LogEntry } from './ring-buffer.js';
import type { WaitResult } from './types.js';

export function compilePattern(pattern: string): UserPattern {
  try {
    return compileUserPattern(pattern);
  } catch (cause) {
    throw new TempfsError('USAGE', `invalid pattern /${pattern}/: ${(cause as Error).message}`, { cause });
  }
}

export function waitFor(
  proc: ManagedProcess,
  regex: UserPattern,
  options: { timeoutMs: number; since?: number; now: () => number; signal?: AbortSignal },
): Promise<WaitResult> {
  const started = options.now();
  const elapsed = () => options.now() - started;
  const test = (entry: LogEntry): WaitResult | undefined => {
    const match = regex.find(entry.text);
    return match !== null ? { found: true, match, line: entry.text, seq: entry.seq, elapsedMs: elapsed() } : undefined;
  };
  for (const entry of proc.ring.range((options.since ?? 0) + 1)) {
    const hit = test(entry);
    if (hit) return Promise.resolve(hit);
  }
  if (proc.ended || options.signal?.aborted) return Promise.resolve({ found: false, elapsedMs: elapsed() });

  return new Promise((resolve) => {
    const done = (result: WaitResult) => {
      clearTimeout(timer);
      proc.off('line', onLine);
      proc.off('end', onEnd);
      options.signal?.removeEventListener('abort', onEnd);
      resolve(result);
    };
    const onLine = (entry: LogEntry) => {
      const hit = test(entry);
      if (hit) done(hit);
    };
    const onEnd = () => done({ found: false, elapsedMs: elapsed() });
    const timer = setTimeout(onEnd, options.timeoutMs);
    proc.on('line', onLine);
    proc.once('end', onEnd);
    options.signal?.addEventListener('abort', onEnd, { once: true });
  });
}
