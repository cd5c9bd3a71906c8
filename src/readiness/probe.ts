/**
 * What every readiness probe looks like to the composite wait. A probe resolves `run`
 * once it has passed and rejects only when its signal is aborted (ready elsewhere,
 * deadline, user cancel, container exit): failed attempts are retried, never thrown.
 */
import type { ContainerEngine } from '../engine/engine.js';
import { backoffDelay } from '../shared/backoff.js';
import type { LogFollower } from './log-follower.js';
import type { Nudge } from './nudge.js';

export type ProbeKind = 'log' | 'http' | 'tcp' | 'exec';

export interface ProbeContext {
  engine: ContainerEngine;
  container: string;
  /** Aborted when the wait is over, whatever the reason. */
  signal: AbortSignal;
  /** The longest pause between attempts of polled probes (ready.interval). */
  interval: number;
  /** Woken when another probe of the same wait passes. */
  nudge: Nudge;
  /** Output of the container since this start (stdout and stderr). */
  logs: LogFollower;
  /** Tell the composite the probe's state changed (a new match, a new status). */
  changed(): void;
}

export interface Probe {
  kind: ProbeKind;
  /** What it waits for: `log /listening on/`, `http http://127.0.0.1:8080/health`. */
  label: string;
  /** Its latest state, for messages: `0 of 1 matches`, `last status 503`; '' when none. */
  state(): string;
  run(ctx: ProbeContext): Promise<void>;
}

/** An attempt gets at least this long before it counts as failed, however short the interval. */
const MIN_ATTEMPT_MS = 5_000;

/** The first pause after a failed attempt; it doubles up to `interval`. */
export const FIRST_RETRY_MS = 10;

/** A cheap probe never pauses longer than this share of what it has waited so far. */
const LATENESS = 0.1;

/**
 * The pause after `failed` consecutive failed attempts (1: the first). With `waitedMs` (a
 * cheap probe: an HTTP GET, a TCP connect) it is also at most a tenth of the time waited,
 * so the probe notices readiness at most ~10% late: a model that loads in 1.5 s is seen
 * within ~0.15 s of it, not up to an interval later.
 */
export function retryDelay(failed: number, interval: number, waitedMs?: number): number {
  const doubling = backoffDelay(failed, { baseMs: FIRST_RETRY_MS, maxMs: interval });
  if (waitedMs === undefined) return doubling;
  return Math.min(doubling, Math.max(FIRST_RETRY_MS, Math.round(waitedMs * LATENESS)));
}

/**
 * Run `attempt` until it returns true. Retries come quickly at first and slow down
 * (10 ms doubling up to `interval`): a server that is nearly up costs milliseconds, not an
 * interval, and one that takes minutes is asked once an interval. When another probe of
 * the wait passes (its log line appeared) the pause is cut short and the schedule starts
 * again. Each try has its own deadline (AbortSignal.timeout) so a hung connection cannot
 * eat the whole wait. `cheap` attempts (no engine call) also keep the pause under a tenth
 * of the time waited (see retryDelay).
 */
export async function pollUntil(
  ctx: ProbeContext,
  attempt: (signal: AbortSignal) => Promise<boolean>,
  options: { cheap?: boolean } = {},
): Promise<void> {
  const perAttempt = Math.max(ctx.interval, MIN_ATTEMPT_MS);
  let failed = 0;
  let since = Date.now();
  for (;;) {
    ctx.signal.throwIfAborted();
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(perAttempt)]);
    if (await attempt(signal)) return;
    ctx.changed();
    failed += 1;
    const pause = retryDelay(failed, ctx.interval, options.cheap ? Date.now() - since : undefined);
    if (await ctx.nudge.sleep(pause, ctx.signal)) {
      failed = 0;
      since = Date.now();
    }
  }
}

/** Short text for a failed attempt: the system error code when there is one. */
export function describeFailure(error: unknown): string {
  let e: unknown = error;
  while (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (e.name === 'TimeoutError') return 'no answer in time';
    if (typeof code === 'string' && !code.startsWith('UND_ERR') && code !== 'ABORT_ERR') return code;
    if (e.cause === undefined) return e.message;
    e = e.cause;
  }
  return String(e);
}
