/**
 * `ready.http`: GET the URL (as written in the recipe, from the host) until it answers
 * the expected status. A 503 means "still loading", a refused connection "not yet".
 */
import type { request as httpRequest } from 'node:http';
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
          const status = await getStatus(await engineUrl(http.url, ctx), signal);
          last = `last status ${status}`;
          return status === http.status;
        } catch (error) {
          last = describeFailure(error);
          return false;
        }
      }, { cheap: true }),
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

/**
 * One GET (redirects not followed); resolves to the status. node:http rather than fetch:
 * fetch's first call loads undici, 70-100 ms here, on the path of every http readiness
 * wait. A fresh connection each time (no agent): nothing keeps the process alive after.
 */
async function getStatus(url: string, signal: AbortSignal): Promise<number> {
  const target = new URL(url);
  const request = await requester(target.protocol);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'GET', agent: false, signal }, (response) => {
      // Only the status matters: the body is not read.
      response.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

/**
 * node:http (or node:https with node:tls) imported on first use: 4-7 ms to load, which
 * every `up` paid before its first engine call, http probe or not.
 */
function requester(protocol: string): Promise<typeof httpRequest> {
  return protocol === 'https:' ? import('node:https').then((m) => m.request) : import('node:http').then((m) => m.request);
}

/** Loads what these probes' URLs need now: a caller with idle time (`up` while the engine makes the network) spares their first probe the load. */
export function warmHttpProbes(urls: readonly string[]): void {
  for (const protocol of new Set(urls.map((url) => (url.startsWith('https:') ? 'https:' : 'http:')))) requester(protocol).catch(() => {});
}
