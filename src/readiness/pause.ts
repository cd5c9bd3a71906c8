/** A sleep that the signal cancels, rejecting with the signal's own reason (not a generic AbortError). */
import { setTimeout as sleep } from 'node:timers/promises';

export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}
