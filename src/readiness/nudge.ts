/**
 * A wake-up call between the probes of one wait: when one passes (the log line
 * "listening" appears), the polled probes try again at once and restart their short
 * retry schedule, instead of sleeping out an interval they began before it.
 */
export class Nudge {
  private waiters = new Set<() => void>();

  /** Wakes every sleeper now. */
  wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /**
   * Sleeps `ms`; resolves true when woken first, false when the time ran out. Rejects with
   * the signal's reason when it is aborted.
   */
  sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    signal.throwIfAborted();
    return new Promise<boolean>((resolve, reject) => {
      const done = (woken: boolean): void => {
        clearTimeout(timer);
        this.waiters.delete(onWake);
        signal.removeEventListener('abort', onAbort);
        resolve(woken);
      };
      const onWake = (): void => done(true);
      const onAbort = (): void => {
        clearTimeout(timer);
        this.waiters.delete(onWake);
        reject(signal.reason);
      };
      const timer = setTimeout(() => done(false), ms);
      this.waiters.add(onWake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
