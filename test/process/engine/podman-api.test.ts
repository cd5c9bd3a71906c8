/**
 * PodmanEngine with an API socket (engine-api.ts): the calls it answers go there, what it
 * fails goes to the CLI, and a socket nobody listens on leaves everything to the CLI. A stand-in
 * service on a unix socket and a stand-in podman that records its calls; the real service
 * is the integration tier's (test/integration/engine/podman-service.test.ts).
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { PodmanApi } from '../../../src/engine/podman-api.js';
import { unreachable } from '../../../src/engine/socket-api.js';
import { reply, staleSocket, standIn } from '../../helpers/api-stand-in.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** A podman that records each call's argv (one line each) and succeeds, printing nothing. */
function recordingPodman(): { binary: string; calls: () => string[] } {
  const dir = tempDir('tempfs-podman-rec-');
  const log = join(dir, 'calls');
  writeFileSync(log, '');
  const binary = join(dir, 'podman');
  writeFileSync(binary, `#!/bin/sh\necho "$*" >> ${log}\nexit 0\n`);
  chmodSync(binary, 0o755);
  return { binary, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

function engineOn(socket: string, binary: string): PodmanEngine {
  return new PodmanEngine({ binary, env: { PATH: process.env.PATH, TEMPFS_PODMAN_SOCKET: socket } });
}

describe('a socket nobody listens on', () => {
  it('is unreachable; an API that answers with an error is not', async () => {
    const refused = await new PodmanApi(staleSocket()).containerIds(['a=b']).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'PODMAN_FAILED', message: expect.stringContaining('cannot reach the podman API') });
    expect(unreachable(refused)).toBe(true);
    const { socket } = await standIn((_req, res) => reply(res, 500, { message: 'boom' }));
    const answered = await new PodmanApi(socket).containerIds(['a=b']).catch((e: unknown) => e);
    expect(answered).toMatchObject({ code: 'PODMAN_FAILED', message: expect.stringContaining('boom') });
    expect(unreachable(answered)).toBe(false);
  });

  it('leaves every call to the CLI, as if there were no socket', async () => {
    const podman = recordingPodman();
    const engine = engineOn(staleSocket(), podman.binary);
    await engine.ensureNetwork('p_default', { 'io.tempfs.project': 'p' });
    await engine.removeContainers(['web'], 0);
    expect(await engine.pruneNetworks({ project: 'p' })).toEqual([]);
    expect(podman.calls()).toEqual([
      'network create --opt isolate=true --label io.tempfs.project=p -- p_default',
      'rm --force --ignore --volumes --time 0 web',
      'network prune --force --filter label=io.tempfs.project=p',
    ]);
  });
});

describe('with a Podman service', () => {
  it('creates networks, removes containers and prunes through the API: no podman process', async () => {
    const { socket, seen } = await standIn((req, res) => {
      if (req.url?.includes('/containers/json')) return reply(res, 200, [{ Id: 'id-a' }, { Id: 'id-b' }]);
      if (req.url?.includes('/networks/prune')) return reply(res, 200, [{ Name: 'p_default', Error: null }]);
      reply(res, 200, req.method === 'DELETE' ? [{ Id: 'x' }] : { name: 'p_default' });
    });
    const podman = recordingPodman();
    const engine = engineOn(socket, podman.binary);
    await engine.ensureNetwork('p_default', { 'io.tempfs.project': 'p' });
    expect(await engine.removeLabelled({ project: 'p' }, 2_000)).toEqual(['id-a', 'id-b']);
    let release!: () => void;
    const after = new Promise<void>((r) => (release = r));
    const pruned = engine.pruneNetworks({ project: 'p' }, { after });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.some((s) => s.includes('/networks/prune'))).toBe(false); // waits for the removal it follows
    release();
    expect(await pruned).toEqual(['p_default']);
    expect(podman.calls()).toEqual([]);
    expect(seen).toEqual([
      'POST /v4.0.0/libpod/networks/create',
      'GET /v4.0.0/libpod/containers/json?all=1&filters={"label":["io.tempfs.project=p"]}',
      'DELETE /v4.0.0/libpod/containers/id-a?force=1&v=1&timeout=2',
      'DELETE /v4.0.0/libpod/containers/id-b?force=1&v=1&timeout=2',
      'POST /v4.0.0/libpod/networks/prune?filters={"label":["io.tempfs.project=p"]}',
    ]);
  });

  it('lists containers from the API; a list it fails is asked of the CLI', async () => {
    let fail = false;
    const { socket } = await standIn((_req, res) =>
      fail ? reply(res, 500, { message: 'no such container in database' }) : reply(res, 200, [{ Id: 'id-a', Names: ['p-web-1'], State: 'running', Labels: { 'io.tempfs.service': 'web' }, StartedAt: 1700000000, Ports: null }]),
    );
    const podman = recordingPodman();
    const engine = engineOn(socket, podman.binary);
    expect(await engine.listContainers({ project: 'p' })).toEqual([
      { id: 'id-a', name: 'p-web-1', image: '', state: 'running', exitCode: null, startedAt: '2023-11-14T22:13:20.000Z', labels: { 'io.tempfs.service': 'web' }, ports: [] },
    ]);
    expect(podman.calls()).toEqual([]);
    fail = true;
    expect(await engine.listContainers({ project: 'p' })).toEqual([]);
    expect(podman.calls()).toEqual(['ps --all --format json --filter label=io.tempfs.project=p']);
  });

  it('a removal the API fails goes to the CLI; a prune it fails falls back to the networks one by one', async () => {
    const { socket } = await standIn((req, res) => {
      if (req.url?.includes('/broken')) return reply(res, 500, { message: 'device busy' });
      if (req.url?.includes('/networks/prune')) return reply(res, 200, [{ Name: 'p_default', Error: 'in use' }]);
      reply(res, 200, [{ Id: 'x' }]);
    });
    const podman = recordingPodman();
    const engine = engineOn(socket, podman.binary);
    await engine.removeContainers(['web', 'broken'], 0);
    await engine.pruneNetworks({ project: 'p' });
    expect(podman.calls()).toEqual(['rm --force --ignore --volumes --time 0 broken', 'network ls --quiet --filter label=io.tempfs.project=p']);
  });
});
