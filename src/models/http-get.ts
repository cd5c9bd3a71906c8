/**
 * A GET that follows redirects itself (fetch's `redirect: 'follow'` would carry the
 * Authorization header to whatever host the redirect names). Headers are recomputed per
 * hop: Range/If-Range stay, Authorization only where `authHeaders` allows it.
 */
import { TempfsError } from '../errors.js';
import { authHeaders } from './hf-auth.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface GetOptions {
  headers: Record<string, string>;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Replaces global fetch, e.g. to map a host to a local test server. Sees the logical URL. */
  fetch?: FetchLike;
}

const MAX_REDIRECTS = 10;

export async function httpGet(url: string, opts: GetOptions): Promise<{ response: Response; url: string }> {
  const doFetch: FetchLike = opts.fetch ?? ((u, init) => fetch(u, init));
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await doFetch(current, {
      method: 'GET',
      redirect: 'manual',
      signal: opts.signal,
      // identity: a compressed body would not match Content-Length, Range or the checksum.
      headers: { 'accept-encoding': 'identity', ...opts.headers, ...authHeaders(current, opts.env) },
    });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { response, url: current };
    await response.body?.cancel().catch(() => {});
    current = new URL(location, current).toString();
  }
  throw new TempfsError('MODEL_DOWNLOAD', `too many redirects fetching ${url}`);
}
