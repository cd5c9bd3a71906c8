/** ReadySpec literals for the readiness tests: nothing listed, short interval, generous timeout. */
import type { ReadinessProgress } from '../../../src/readiness/index.js';
import type { ReadySpec } from '../../../src/recipe/model.js';

export function readySpec(overrides: Partial<ReadySpec> = {}): ReadySpec {
  return { log: null, times: 1, http: null, tcp: null, exec: null, interval: 10, timeout: 10_000, ...overrides };
}

/**
 * A deadline the test ends instead of a clock: the `sleep` of waitUntilReady, over once a
 * progress report satisfies `when` (the probe has failed the way the message must say).
 * `asked` holds the timeouts it was given, to check that the spec's is the one used.
 */
export function deadlineWhen(when: (progress: ReadinessProgress) => boolean) {
  let end!: () => void;
  const over = new Promise<void>((resolve) => (end = resolve));
  const asked: number[] = [];
  return {
    asked,
    onProgress: (progress: ReadinessProgress) => {
      if (when(progress)) end();
    },
    sleep: (ms: number) => {
      asked.push(ms);
      return over;
    },
  };
}

/** Catch the rejection of a promise, to assert on the error itself. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, got a resolution');
    },
    (error: unknown) => error,
  );
}
