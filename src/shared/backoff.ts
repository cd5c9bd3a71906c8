/**
 * The one retry timing: exponential from `baseMs`, doubling per attempt, capped at `maxMs`;
 * with `jitter`, a random 50-100% of that, so many clients do not hammer a server in step.
 */
export interface Backoff {
  baseMs: number;
  maxMs: number;
  /** A source of [0, 1) for the jitter (Math.random); none: no jitter. */
  jitter?: () => number;
}

/** The delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(attempt: number, { baseMs, maxMs, jitter }: Backoff): number {
  const exp = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return jitter ? Math.round(exp * (0.5 + jitter() * 0.5)) : exp;
}
