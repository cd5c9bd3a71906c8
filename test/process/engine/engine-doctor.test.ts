/**
 * `tempfs doctor` on machines with only Docker, only Podman, both, neither: a faked PATH
 * of small shell scripts that answer as the real CLIs do (the versions, `info` JSON and
 * exit codes tempfs reads), so every case runs on any machine.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEngineDoctor } from '../../../src/engine/engine-doctor.js';
import type { DoctorCheck } from '../../../src/engine/doctor.js';
import { hints } from '../../../src/engine/hints.js';
import { reply, staleSocket, standIn } from '../../helpers/api-stand-in.js';

const PODMAN = `#!/bin/sh
case "$1" in
  --version) echo "podman version 4.3.1" ;;
  info) echo '{"host":{"ociRuntime":{"name":"runc"},"cgroupVersion":"v2","cgroupManager":"cgroupfs","security":{"rootless":false}},"store":{"graphDriverName":"overlay","graphRoot":"/var/lib/containers/storage"}}' ;;
  image) exit 0 ;;
  run) exit 0 ;;
  *) exit 125 ;;
esac
`;

const docker = (daemonUp: boolean) => `#!/bin/sh
case "$1 $3" in
  "version {{.Client.Version}}") echo "28.2.2" ;;
  "version {{.Server.Version}}") ${daemonUp ? 'echo "20.10.24+dfsg1"' : 'echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1'} ;;
  "info {{json .}}") echo '{"Driver":"overlay2","DockerRootDir":"/var/lib/docker","DefaultRuntime":"runc","CgroupVersion":"2","InitBinary":"docker-init"}' ;;
  image*) exit 0 ;;
  run*) exit 0 ;;
  *) exit 1 ;;
esac
`;

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function fakePath(tools: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tempfs-doctor-'));
  dirs.push(dir);
  for (const [name, script] of Object.entries(tools)) {
    await writeFile(join(dir, name), script);
    await chmod(join(dir, name), 0o755);
  }
  return dir;
}

async function doctor(tools: Record<string, string>, extra: Record<string, string> = {}, flags = {}): Promise<DoctorCheck[]> {
  return runEngineDoctor(flags, { PATH: await fakePath(tools), ...extra }, AbortSignal.timeout(20_000));
}

const failed = (checks: DoctorCheck[]) => checks.filter((c) => !c.ok && !c.skipped).map((c) => c.name);

describe('doctor picks the engine and says why', () => {
  it('only Docker: docker, automatically, every check passes', async () => {
    const checks = await doctor({ docker: docker(true) });
    expect(checks.map((c) => c.name)).toEqual(['engine', 'docker on PATH', 'daemon', 'storage', 'run a container', 'gpus']);
    expect(checks[0]!.detail).toBe('docker: automatic: no podman on PATH, docker is');
    expect(checks[3]!.detail).toContain('overlay2');
    expect(failed(checks)).toEqual([]);
  });

  it('only Podman: podman, automatically, every check passes', async () => {
    const checks = await doctor({ podman: PODMAN });
    expect(checks.map((c) => c.name)).toEqual(['engine', 'podman API', 'podman on PATH', 'version', 'runtime', 'storage', 'run a container', 'gpus']);
    expect(checks[0]!.detail).toBe('podman: automatic: podman is on PATH');
    expect(failed(checks)).toEqual([]);
  });

  it('Podman: says whether a podman system service takes the calls of up and down (never a failure)', async () => {
    const detail = async (extra: Record<string, string>) => (await doctor({ podman: PODMAN }, extra)).find((c) => c.name === 'podman API')!;
    const { socket } = await standIn((req, res) => reply(res, req.url === '/_ping' ? 200 : 404, 'OK'));
    expect(await detail({ TEMPFS_PODMAN_SOCKET: socket })).toEqual({ name: 'podman API', ok: true, detail: `${socket}: networks and removals go there` });
    expect(await detail({ TEMPFS_PODMAN_SOCKET: staleSocket() })).toMatchObject({ ok: true, detail: expect.stringContaining('does not answer: every call through the podman CLI') });
    expect(await detail({ TEMPFS_PODMAN_SOCKET: 'none' })).toMatchObject({ ok: true, detail: 'off (TEMPFS_PODMAN_SOCKET=none): every call through the podman CLI' });
    expect(await detail({ TEMPFS_PODMAN_SOCKET: '/nonexistent/podman.sock' })).toMatchObject({ ok: true, detail: expect.stringContaining('is not a socket') });
    const wrapper = join(await fakePath({ 'podman-wrapper': PODMAN }), 'podman-wrapper');
    expect(await detail({ TEMPFS_PODMAN: wrapper })).toMatchObject({ ok: true, detail: expect.stringContaining('TEMPFS_PODMAN_SOCKET to use it') });
  });

  it('both: podman, and it names docker and how to choose it', async () => {
    const checks = await doctor({ podman: PODMAN, docker: docker(true) });
    expect(checks[0]!.detail).toBe('podman: automatic: podman is on PATH; also found docker (--engine docker or TEMPFS_ENGINE=docker to use it)');
    expect(failed(checks)).toEqual([]);
    const chosen = await doctor({ podman: PODMAN, docker: docker(true) }, { TEMPFS_ENGINE: 'docker' });
    expect(chosen[0]!.detail).toBe('docker: TEMPFS_ENGINE=docker; also found podman (--engine podman or TEMPFS_ENGINE=podman to use it)');
    expect(chosen[1]!.name).toBe('docker on PATH');
  });

  it('neither: the engine check fails with how to install one, the rest is skipped', async () => {
    const checks = await doctor({});
    expect(checks[0]).toMatchObject({ name: 'engine', ok: false, detail: 'neither podman nor docker is on PATH' });
    expect(checks[0]!.fix).toMatch(/apt-get install -y podman runc.*apt-get install -y docker\.io/);
    expect(checks[1]).toMatchObject({ name: 'podman on PATH', ok: false, fix: hints.podmanMissing });
    expect(checks.slice(2).every((c) => c.skipped)).toBe(true);
  });

  it('Docker without its daemon: the daemon check fails with how to start it', async () => {
    const checks = await doctor({ docker: docker(false) });
    expect(failed(checks)).toEqual(['daemon']);
    const daemon = checks.find((c) => c.name === 'daemon')!;
    expect(daemon.detail).toContain('Cannot connect to the Docker daemon');
    expect(daemon.fix).toBe(hints.dockerDaemon);
  });

  it('--engine docker where only Podman is: docker on PATH fails and the engine check names podman', async () => {
    const checks = await doctor({ podman: PODMAN }, {}, { engine: 'docker' });
    expect(checks[0]!.detail).toContain('--engine docker; also found podman');
    expect(checks[1]).toMatchObject({ name: 'docker on PATH', ok: false, fix: hints.dockerMissing });
  });
});
