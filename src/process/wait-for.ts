/**
 * Waits for a line matching a pattern: first among the lines already buffered, then
 * among new ones. Gives up (found: false) at the deadline, when the process has ended
 * for good without a match, or when the caller aborts.
 */
import { TempfsError } from '../errors.js';
import type { EventEmitter } from 'node:events';
import { compileUserPattern, type UserPattern } from '../shared/user-pattern.js';
import type { LogEntry, RingBuffer } from './ring-buffer.js';
import type { WaitResult } from './types.js';

export function compilePattern(pattern: string): UserPattern {
  try {
    return compileUserPattern(pattern);
  } catch (cause) {
    throw new TempfsError('USAGE', `invalid pattern /${pattern}/: ${(cause as Error).message}`, { cause });
  }
}

/** A process's or a terminal's output: lines, and for a terminal the partial line (a prompt). */
export type WaitSource = Pick<EventEmitter, 'on' | 'off' | 'once'> & { ring: RingBuffer; ended: boolean; partial?: string };

export function waitFor(
  proc: WaitSource,
  regex: UserPattern,
  options: { timeoutMs: number; since?: number; now: () => number; signal?: AbortSignal; skipCurrentPartial?: boolean },
): Promise<WaitResult> {
  const started = options.now();
  const elapsed = () => options.now() - started;
  const test = (entry: LogEntry): WaitResult | undefined => {
    const match = regex.find(entry.text);
    return match !== null ? { found: true, match, line: entry.text, seq: entry.seq, elapsedMs: elapsed() } : undefined;
  };
  const testPartial = (text: string): WaitResult | undefined => {
    const match = regex.find(text);
    return match !== null ? { found: true, match, line: text, seq: proc.ring.lastSeq, partial: true, elapsedMs: elapsed() } : undefined;
  };
  for (const entry of proc.ring.range((options.since ?? 0) + 1)) {
    const hit = test(entry);
    if (hit) return Promise.resolve(hit);
  }
  const partialHit = proc.partial && !options.skipCurrentPartial ? testPartial(proc.partial) : undefined;
  if (partialHit) return Promise.resolve(partialHit);
  if (proc.ended || options.signal?.aborted) return Promise.resolve({ found: false, elapsedMs: elapsed() });

  return new Promise((resolve) => {
    const done = (result: WaitResult) => {
      clearTimeout(timer);
      proc.off('line', onLine);
      proc.off('partial', onPartial);
      proc.off('end', onEnd);
      options.signal?.removeEventListener('abort', onEnd);
      resolve(result);
    };
    const onLine = (entry: LogEntry) => {
      const hit = test(entry);
      if (hit) done(hit);
    };
    const onPartial = (text: string) => {
      const hit = testPartial(text);
      if (hit) done(hit);
    };
    const onEnd = () => done({ found: false, elapsedMs: elapsed() });
    const timer = setTimeout(onEnd, options.timeoutMs);
    proc.on('line', onLine);
    proc.on('partial', onPartial);
    proc.once('end', onEnd);
    options.signal?.addEventListener('abort', onEnd, { once: true });
  });
}
