import { TempfsError } from '../errors.js';

/** A user cancel becomes CANCELLED (not reported as a failure), a deadline TIMEOUT. */
export function abortError(signal: AbortSignal, what: string): TempfsError {
  const reason = signal.reason as { name?: string } | undefined;
  if (reason?.name === 'TimeoutError') {
    return new TempfsError('TIMEOUT', `${what}: timed out`, { cause: signal.reason });
  }
  return new TempfsError('CANCELLED', `${what}: cancelled`, { cause: signal.reason });
}
