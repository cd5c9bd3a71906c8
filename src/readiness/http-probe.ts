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
          const response = await fetch(await engineUrl(http.url, ctx), { signal, redirect: 'manual' });
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

/** A loopback URL of a remote engine's container means the engine host (its published ports are there). */
async function engineUrl(url: string, ctx: ProbeContext): Promise<string> {
  const remote = (await ctx.engine.publishedHost?.()) ?? null;
  if (remote === null) return url;
  const parsed = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(parsed.hostname)) return url;
  parsed.hostname = remote.includes(':') ? `[${remote}]` : remote;
  return parsed.toString();
}
