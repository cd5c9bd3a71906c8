import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntilReady, type ReadinessProgress } from '../../../src/readiness/index.js';
import { isTempfsError } from '../../../src/errors.js';
import { FakeEngine } from '../../helpers/fake-engine.js';
import { deadlineWhen, readySpec, rejectionOf } from './spec.js';

/** A local server that answers 503 to the first `loading` requests, then `status`. */
async function healthServer(loading: number, status = 200): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits += 1;
    response.statusCode = request.url === '/health' && hits > loading ? status : 503;
    response.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/health`, hits: () => hits };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('http probe', () => {
  it('keeps polling through 503 until the status is 200', async () => {
    const { server, url, hits } = await healthServer(3);
    servers.push(server);
    const engine = new FakeEngine().add('llama-1').start('llama-1');
    const progress: ReadinessProgress[] = [];
    await waitUntilReady({
      engine,
      container: 'llama-1',
      service: 'llama',
      spec: readySpec({ http: { url, status: 200 } }),
      onProgress: (p) => progress.push(p),
    });
    expect(hits()).toBe(4);
    expect(progress.map((p) => p.state)).toContain('last status 503');
    expect(progress.at(-1)).toMatchObject({ probe: 'http', detail: `http ${url} passed`, passed: true });
  });

  it('waits for the status the recipe asks for', async () => {
    const { server, url } = await healthServer(0, 204);
    servers.push(server);
    const engine = new FakeEngine().add('api-1').start('api-1');
    await expect(waitUntilReady({ engine, container: 'api-1', service: 'api', spec: readySpec({ http: { url, status: 204 } }) })).resolves.toBeUndefined();
  });

  it('does not follow a redirect: a 302 is the status the recipe asks for or not', async () => {
    let hits = 0;
    const server = createServer((_request, response) => {
      hits += 1;
      response.writeHead(302, { location: '/elsewhere' }).end();
    });
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    const engine = new FakeEngine().add('api-1').start('api-1');
    await waitUntilReady({ engine, container: 'api-1', service: 'api', spec: readySpec({ http: { url, status: 302 } }) });
    expect(hits).toBe(1);
    // The probe keeps no connection open once it has its answer.
    await expect.poll(() => new Promise((resolve) => server.getConnections((_e, n) => resolve(n)))).toBe(0);
  });

  it('treats a refused connection as "not yet" and names it on timeout', async () => {
    const { server, url } = await healthServer(0);
    await new Promise((resolve) => server.close(resolve));
    const engine = new FakeEngine().add('api-1').start('api-1');
    const deadline = deadlineWhen((p) => p.state === 'connection refused');
    const error = await rejectionOf(
      waitUntilReady({ engine, container: 'api-1', service: 'api', spec: readySpec({ http: { url, status: 200 }, timeout: 200 }), ...deadline }),
    );
    expect(deadline.asked).toEqual([200]);
    expect(isTempfsError(error, 'READINESS_TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`^api: not ready after \\d+\\.\\ds: waiting for http ${url} \\(connection refused\\)$`),
    );
  });
});
