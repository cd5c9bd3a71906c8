import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureModel } from '../../../src/models/ensure-model.js';
import type { RouteLike } from '../../../src/models/http-get.js';
import { authHeaders, isHuggingFaceHost } from '../../../src/models/hf-auth.js';
import { startFaultServer, type FaultServer } from '../../helpers/http-fault-server.js';
import { content, sha256, spec, tempCache } from './fixtures.js';

describe('isHuggingFaceHost / authHeaders', () => {
  it('accepts huggingface.co and its subdomains only', () => {
    expect(['huggingface.co', 'HuggingFace.co', 'cdn-lfs.huggingface.co', 'huggingface.co.'].map(isHuggingFaceHost)).toEqual([true, true, true, true]);
    expect(['evilhuggingface.co', 'huggingface.co.evil.com', 'hf.co', 'cdn-lfs.hf.co', '127.0.0.1'].map(isHuggingFaceHost)).toEqual([false, false, false, false, false]);
  });

  it('sends the token over https to HF hosts only', () => {
    const env = { HF_TOKEN: 'hf_secret' };
    expect(authHeaders('https://huggingface.co/a/b/resolve/main/x', env)).toEqual({ authorization: 'Bearer hf_secret' });
    expect(authHeaders('http://huggingface.co/a', env)).toEqual({});
    expect(authHeaders('https://example.com/a', env)).toEqual({});
    expect(authHeaders('https://huggingface.co/a', {})).toEqual({});
  });
});

describe('HF_TOKEN in a download', () => {
  const body = content(50_000);
  let server: FaultServer;
  let cache: Awaited<ReturnType<typeof tempCache>>;
  // Pretend to be the internet: the logical hosts all land on the local server.
  const hosts = ['https://huggingface.co', 'https://cdn-lfs.hf.co', 'https://mirror.huggingface.co'];
  const mapHosts: RouteLike = (url) =>
    new URL(hosts.reduce((u, h) => (u.startsWith(h + '/') ? server.url(u.slice(h.length)) : u), url.href));

  beforeEach(async () => {
    server = await startFaultServer({
      files: { '/cdn/m.gguf': { body, etag: '"x"' }, '/plain/m.gguf': { body } },
      redirects: {
        '/org/repo/resolve/main/m.gguf': 'https://cdn-lfs.hf.co/cdn/m.gguf?sig=1',
        '/org/repo/resolve/main/n.gguf': 'https://mirror.huggingface.co/cdn/m.gguf',
      },
    });
    cache = await tempCache();
  });
  afterEach(async () => {
    await server.close();
    await cache.cleanup();
  });

  const env = { HF_TOKEN: 'hf_secret' };

  it('goes to huggingface.co and is dropped on the redirect to the CDN', async () => {
    const s = spec('https://huggingface.co/org/repo/resolve/main/m.gguf', sha256(body));
    const r = await ensureModel(s, { cacheDir: cache.dir, env, route: mapHosts });
    expect(r.sha256).toBe(sha256(body));
    expect(server.requests.map((q) => [q.path, q.authorization])).toEqual([
      ['/org/repo/resolve/main/m.gguf', 'Bearer hf_secret'],
      ['/cdn/m.gguf', null],
    ]);
  });

  it('follows a redirect to another HF host with the token', async () => {
    const s = spec('https://huggingface.co/org/repo/resolve/main/n.gguf', sha256(body));
    await ensureModel(s, { cacheDir: cache.dir, env, route: mapHosts });
    expect(server.requests.map((q) => q.authorization)).toEqual(['Bearer hf_secret', 'Bearer hf_secret']);
  });

  it('is never sent to other hosts', async () => {
    await ensureModel(spec(server.url('/plain/m.gguf'), null), { cacheDir: cache.dir, env });
    expect(server.requests.map((q) => q.authorization)).toEqual([null]);
  });
});
