/**
 * Which proxy a download goes through, as curl and most tools read the environment:
 * HTTPS_PROXY for https URLs, HTTP_PROXY for http ones (either spelling case), none for a
 * host NO_PROXY names (`*`, a host, `.domain` or `domain` for it and its subdomains, an
 * optional `:port`).
 */
type Env = Record<string, string | undefined>;

const pick = (env: Env, name: string) => env[name] || env[name.toLowerCase()] || undefined;

export function proxyFor(url: URL, env: Env): URL | null {
  const raw = url.protocol === 'https:' ? pick(env, 'HTTPS_PROXY') : pick(env, 'HTTP_PROXY');
  if (!raw || bypassed(url, pick(env, 'NO_PROXY') ?? '')) return null;
  return new URL(raw.includes('://') ? raw : `http://${raw}`);
}

function bypassed(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter((e) => e !== '')
    .some((entry) => {
      if (entry === '*') return true;
      const m = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[(.*)\](?=:|$)/, '$1').toLowerCase())!;
      const name = m[1]!.replace(/^\*?\./, '');
      if (m[2] !== undefined && m[2] !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}
