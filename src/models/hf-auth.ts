/**
 * HF_TOKEN goes to Hugging Face and nowhere else. The rule is applied to every hop of a
 * redirect chain on its own, so the token is dropped when huggingface.co redirects to its
 * CDN (another host) and never leaks to a mirror or a plain-http URL.
 */

/** huggingface.co or a subdomain of it; `evilhuggingface.co` and `huggingface.co.evil` are not. */
export function isHuggingFaceHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'huggingface.co' || host.endsWith('.huggingface.co');
}

/** The Authorization header for one request URL, or none. */
export function authHeaders(url: string, env: Record<string, string | undefined>): Record<string, string> {
  const token = env.HF_TOKEN?.trim();
  if (!token) return {};
  const u = new URL(url);
  if (u.protocol !== 'https:' || !isHuggingFaceHost(u.hostname)) return {};
  return { authorization: `Bearer ${token}` };
}
