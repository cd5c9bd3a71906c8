import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntilReady } from '../../../src/readiness/index.js';
import { isTempfsError } from '../../../src/errors.js';
import { FakeEngine } from '../../helpers/fake-engine.js';
import { deadlineWhen, readySpec, rejectionOf } from './spec.js';

async function listener(): Promise<{ server: Server; port: number; accepted: () => number }> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, accepted: () => accepted };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('tcp probe', () => {
  it('passes once host:port accepts a connection', async () => {
    const { server, port } = await listener();
    servers.push(server);
    const engine = new FakeEngine().add('db-1').start('db-1');
    await expect(waitUntilReady({ engine, container: 'db-1', service: 'db', spec: readySpec({ tcp: { host: '127.0.0.1', port } }) })).resolves.toBeUndefined();
  });

  it('reports a pass without the failure it saw before', async () => {
    const { server: probe, port } = await listener();
    await new Promise((resolve) => probe.close(resolve));
    const engine = new FakeEngine().add('db-1').start('db-1');
    const reports: { passed: boolean; state: string }[] = [];
    let opened: Promise<unknown> | undefined;
    await waitUntilReady({
      engine, container: 'db-1', service: 'db', spec: readySpec({ tcp: { host: '127.0.0.1', port } }),
      onProgress: (p) => {
        reports.push({ passed: p.passed, state: p.state });
        // Refused once: now something listens there.
        if (!p.passed && p.state !== '' && !opened) {
          const server = createServer((socket) => socket.destroy()).listen(port, '127.0.0.1');
          servers.push(server);
          opened = once(server, 'listening');
        }
      },
    });
    expect(reports.some((r) => !r.passed && r.state !== '')).toBe(true);
    expect(reports.at(-1)).toEqual({ passed: true, state: '' });
  });

  it('connects to the host port published for a bare container port', async () => {
    const { server, port, accepted } = await listener();
    servers.push(server);
    const ports = [{ host_ip: '0.0.0.0', host: port, container: 5432, protocol: 'tcp' as const }];
    const engine = new FakeEngine().add('db-1', { ports }).start('db-1');
    await waitUntilReady({ engine, container: 'db-1', service: 'db', spec: readySpec({ tcp: { host: '', port: 5432 } }) });
    expect(accepted()).toBe(1);
  });

  it('times out naming the refused port', async () => {
    const { server, port } = await listener();
    await new Promise((resolve) => server.close(resolve));
    const engine = new FakeEngine().add('db-1').start('db-1');
    const deadline = deadlineWhen((p) => p.state === 'connection refused');
    const error = await rejectionOf(
      waitUntilReady({ engine, container: 'db-1', service: 'db', spec: readySpec({ tcp: { host: '127.0.0.1', port }, timeout: 150 }), ...deadline }),
    );
    expect(deadline.asked).toEqual([150]);
    expect(isTempfsError(error, 'READINESS_TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`^db: not ready after \\d+\\.\\ds: waiting for tcp 127\\.0\\.0\\.1:${port} \\(connection refused\\)$`),
    );
  });

  it('says so when the container port is not published', async () => {
    const engine = new FakeEngine().add('db-1').start('db-1');
    const deadline = deadlineWhen((p) => p.state === 'port 5432 is not published');
    const error = await rejectionOf(
      waitUntilReady({ engine, container: 'db-1', service: 'db', spec: readySpec({ tcp: { host: '', port: 5432 }, timeout: 100 }), ...deadline }),
    );
    expect((error as Error).message).toMatch(/waiting for tcp port 5432 \(port 5432 is not published\)$/);
  });
});
