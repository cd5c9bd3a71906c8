/**
 * `ready.http`: GET the URL (as written in the recipe, from the host) until it answers
 * the expected status. A 503 means "still loading", a refused connection "not yet".
 */
import type { HttpProbe } from '../recipe/model.js';
import { describeFailure, pollUntil, type Probe, type ProbeContext } from './probe.js';

export function httpProbe(http: HttpProbe): Probe {
  let last = '';
  return {
    kind: 'http',
    label: `http ${http.url}`,
    state: () => last,
    run: (ctx: ProbeContext) =>
      pollUntil(ctx, async (signal) => {
        try {
          const response = await fetch(http.url, { signal, redirect: 'manual' });
          // Release the connection; only the status matters.
          await response.body?.cancel();
          last = `last status ${response.status}`;
          return response.status === http.status;
        } catch (error) {
          last = describeFailure(error);
          return false;
        }
      }),
  };
}
