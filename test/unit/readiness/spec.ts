/** ReadySpec literals for the readiness tests: nothing listed, short interval, generous timeout. */
import type { ReadySpec } from '../../../src/recipe/model.js';

export function readySpec(overrides: Partial<ReadySpec> = {}): ReadySpec {
  return { log: null, times: 1, http: null, tcp: null, exec: null, interval: 10, timeout: 10_000, ...overrides };
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
