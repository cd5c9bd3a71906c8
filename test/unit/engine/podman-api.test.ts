/**
 * Podman's API calls (podman-api.ts) against a stand-in service on a unix socket, and which
 * socket an engine picks (engine-api.ts). The real `podman system service` is the
 * integration tier's (test/integration/engine/podman-service.test.ts).
 */
import { createServer } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PodmanApi } from '../../../src/engine/podman-api.js';
import { DockerApi } from '../../../src/engine/docker-api.js';
import { engineApi, localPodmanSocket } from '../../../src/engine/engine-api.js';
import type { EngineConnection } from '../../../src/engine/connection.js';
import { reply, standIn } from '../../helpers/api-stand-in.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('PodmanApi', () => {
  it('lists ids by every label and removes each with force, its volumes and the grace as timeout', async () => {
    const { socket, seen } = await standIn((req, res) => {
      if (req.url?.includes('/containers/json')) return reply(res, 200, [{ Id: 'aaa' }, { Id: 'bbb' }]);
      if (req.url?.includes('/gone')) return reply(res, 404, { cause: 'no such container', message: 'no container with name or ID "gone" found', response: 404 });
      if (req.url?.includes('/broken')) return reply(res, 500, { cause: 'x', message: 'device busy', response: 500 });
      return reply(res, 200, [{ Id: 'aaa', RawInput: 'web' }]);
    });
    const api = new PodmanApi(socket);
    expect(await api.containerIds(['io.tempfs.project=p', 'io.tempfs.session=s'])).toEqual(['aaa', 'bbb']);
    expect(await api.removeContainer('web', 3)).toBe(true);
    expect(await api.removeContainer('gone', 0)).toBe(false);
    await expect(api.removeContainer('broken', 0)).rejects.toMatchObject({ code: 'PODMAN_FAILED', message: 'podman: remove container broken failed (HTTP 500): device busy' });
    expect(seen.slice(0, 3)).toEqual([
      'GET /v4.0.0/libpod/containers/json?all=1&filters={"label":["io.tempfs.project=p","io.tempfs.session=s"]}',
      'DELETE /v4.0.0/libpod/containers/web?force=1&v=1&timeout=3',
      'DELETE /v4.0.0/libpod/containers/gone?force=1&v=1&timeout=0',
    ]);
  });

  it("lists containers as `ps --all --format json` does, by every label (or all of them)", async () => {
    const entries = [{ Id: 'aaa', Names: ['p-web-1'], State: 'running' }];
    const { socket, seen } = await standIn((_req, res) => reply(res, 200, entries));
    const api = new PodmanApi(socket);
    expect(JSON.parse(await api.listContainers(['io.tempfs.project=p']))).toEqual(entries);
    await api.listContainers([]);
    expect(seen).toEqual(['GET /v4.0.0/libpod/containers/json?all=1&filters={"label":["io.tempfs.project=p"]}', 'GET /v4.0.0/libpod/containers/json?all=1']);
  });

  it('creates the network as the CLI does (isolate, DNS on, labels); a name taken is no error', async () => {
    const { socket, seen, bodies } = await standIn((_req, res, text) => {
      const { name } = JSON.parse(text) as { name: string };
      if (name === 'taken') return reply(res, 409, { cause: 'network already exists', message: 'network name taken already used', response: 409 });
      reply(res, 200, { name });
    });
    const api = new PodmanApi(socket);
    expect(await api.createNetwork('p_default', { 'io.tempfs.project': 'p' }, false)).toBe(true);
    expect(await api.createNetwork('taken', {}, true)).toBe(false);
    expect(seen[0]).toBe('POST /v4.0.0/libpod/networks/create');
    expect(bodies).toEqual([
      { name: 'p_default', labels: { 'io.tempfs.project': 'p' }, internal: false, driver: 'bridge', dns_enabled: true, options: { isolate: 'true' } },
      { name: 'taken', labels: {}, internal: true, driver: 'bridge', dns_enabled: true, options: { isolate: 'true' } },
    ]);
  });

  it('prunes networks by label; a network it could not remove fails the prune, as it fails the CLI', async () => {
    let fail = false;
    const { socket, seen } = await standIn((_req, res) =>
      reply(res, 200, fail ? [{ Name: 'p_default', Error: 'network in use' }, { Name: 'p_other', Error: null }] : [{ Name: 'p_default', Error: null }]),
    );
    const api = new PodmanApi(socket);
    expect(await api.pruneNetworks(['io.tempfs.project=p'])).toEqual(['p_default']);
    expect(seen).toEqual(['POST /v4.0.0/libpod/networks/prune?filters={"label":["io.tempfs.project=p"]}']);
    fail = true;
    await expect(api.pruneNetworks(['io.tempfs.project=p'])).rejects.toMatchObject({ code: 'PODMAN_FAILED', message: expect.stringContaining('p_default: "network in use"') });
  });
});

describe('which API socket an engine uses', () => {
  const podman: EngineConnection = { kind: 'podman', binary: 'podman' };

  async function listening(): Promise<string> {
    const socket = join(tempDir('tempfs-api-sock-'), 'podman.sock');
    const server = createServer().listen(socket);
    await once(server, 'listening');
    server.unref();
    return socket;
  }

  it('Podman: the socket TEMPFS_PODMAN_SOCKET names, when it is a socket; none when empty or "none"', async () => {
    const socket = await listening();
    expect(localPodmanSocket(podman, { TEMPFS_PODMAN_SOCKET: socket })).toBe(socket);
    // A named socket is used with any binary (a test's fake, a wrapper).
    expect(localPodmanSocket({ ...podman, binary: '/opt/podman-wrapper' }, { TEMPFS_PODMAN_SOCKET: socket })).toBe(socket);
    expect(localPodmanSocket(podman, { TEMPFS_PODMAN_SOCKET: 'none' })).toBeNull();
    expect(localPodmanSocket(podman, { TEMPFS_PODMAN_SOCKET: '' })).toBeNull();
    expect(localPodmanSocket(podman, { TEMPFS_PODMAN_SOCKET: join(tempDir('tempfs-api-'), 'absent.sock') })).toBeNull();
    const plainFile = join(tempDir('tempfs-api-'), 'file');
    await import('node:fs/promises').then((fs) => fs.writeFile(plainFile, ''));
    expect(localPodmanSocket(podman, { TEMPFS_PODMAN_SOCKET: plainFile })).toBeNull();
    expect(engineApi(podman, { TEMPFS_PODMAN_SOCKET: socket })).toBeInstanceOf(PodmanApi);
  });

  it('Podman: its own place for a user ($XDG_RUNTIME_DIR/podman/podman.sock), not with another binary nor a remote engine', async () => {
    const socket = await listening();
    const runtime = join(socket, '..');
    const { mkdir, rename } = await import('node:fs/promises');
    await mkdir(join(runtime, 'podman'), { recursive: true });
    await rename(socket, join(runtime, 'podman', 'podman.sock'));
    const own = join(runtime, 'podman', 'podman.sock');
    if (process.getuid?.() !== 0) expect(localPodmanSocket(podman, { XDG_RUNTIME_DIR: runtime })).toBe(own);
    expect(localPodmanSocket({ ...podman, binary: '/opt/podman-wrapper' }, { XDG_RUNTIME_DIR: runtime })).toBeNull();
    expect(localPodmanSocket({ ...podman, url: `unix://${own}` }, { XDG_RUNTIME_DIR: runtime, TEMPFS_PODMAN_SOCKET: own })).toBeNull();
    expect(localPodmanSocket({ ...podman, connection: 'vm' }, { TEMPFS_PODMAN_SOCKET: own })).toBeNull();
  });

  it('Docker: its local daemon socket; a remote daemon has none', () => {
    expect(engineApi({ kind: 'docker', binary: 'docker' }, {})).toBeInstanceOf(DockerApi);
    expect(engineApi({ kind: 'docker', binary: 'docker', url: 'tcp://host:2375' }, {})).toBeNull();
    expect(engineApi({ kind: 'docker', binary: 'docker', context: 'remote' }, {})).toBeNull();
  });
});
