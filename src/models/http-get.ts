/**
 * A GET that follows redirects itself (an automatic follow would carry the Authorization
 * header to whatever host the redirect names). Headers are recomputed per hop: Range and
 * If-Range stay, Authorization only where `authHeaders` allows it.
 */
import { TempfsError } from '../errors.js';
import { authHeaders } from './hf-auth.js';
import { exchange, type HttpResponse } from './http-exchange.js';
import { proxyFor } from './proxy.js';

export type { BodySink, HttpResponse } from './http-exchange.js';

import type { RouteLike } from './http-connect.js';

export type { RouteLike };

export interface GetOptions {
  headers: Record<string, string>;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Tests map hosts (https://huggingface.co...) to a local http server here. */
  route?: RouteLike;
  /** A connection silent for this long fails (and is retried). Default 60 s. */
  idleTimeoutMs?: number;
}

const MAX_REDIRECTS = 10;

export async function httpGet(url: string, opts: GetOptions): Promise<{ response: HttpResponse; url: string }> {
  let current = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new TempfsError('MODEL_DOWNLOAD', `cannot download ${current.href}: only http and https URLs are supported`);
    }
    const response = await exchange(current, {
      headers: { ...opts.headers, ...authHeaders(current.href, opts.env) },
      signal: opts.signal,
      idleTimeoutMs: opts.idleTimeoutMs ?? 60_000,
      route: opts.route,
      proxy: proxyFor(current, opts.env),
    });
    const location = response.header('location');
    if (response.status < 300 || response.status >= 400 || !location) return { response, url: current.href };
    response.discard();
    current = new URL(location, current);
  }
  throw new TempfsError('MODEL_DOWNLOAD', `too many redirects fetching ${url}`);
}
