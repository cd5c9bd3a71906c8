/** Retry timing: exponential with jitter, so many clients do not hammer a server in step. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  tries?: number;
  /** Delay before the second attempt. Default 500 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export function backoffDelay(failures: number, opts: RetryOptions, random: () => number = Math.random): number {
  const base = opts.baseDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 15_000;
  const exp = Math.min(max, base * 2 ** (failures - 1));
  return Math.round(exp * (0.5 + random() * 0.5));
}
