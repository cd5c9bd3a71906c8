/** version() and doctor against fixture executables standing in for podman (no real Podman here). */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { runDoctor } from '../../../src/engine/doctor.js';
import { tempDir } from '../../helpers/temp-dir.js';

let dir: string;

async function fakePodman(name: string, script: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
  return file;
}

beforeAll(async () => {
  dir = tempDir('tempfs-fake-podman-');
});

describe('version()', () => {
  it('accepts 4.3 and newer', async () => {
    const binary = await fakePodman('new', 'echo "podman version 5.2.0"');
    expect(await new PodmanEngine({ binary }).version()).toBe('5.2.0');
  });

  it('throws PODMAN_TOO_OLD with an upgrade hint', async () => {
    const binary = await fakePodman('old', 'echo "podman version 4.2.1"');
    await expect(new PodmanEngine({ binary }).version()).rejects.toMatchObject({
      code: 'PODMAN_TOO_OLD',
      message: expect.stringContaining('4.2.1'),
      hint: expect.stringContaining('4.3'),
    });
  });

  it('finds the binary through TEMPFS_PODMAN', async () => {
    const binary = await fakePodman('via-env', 'echo "podman version 4.3.1"');
    const engine = new PodmanEngine({ env: { TEMPFS_PODMAN: binary, PATH: '/usr/bin:/bin' } });
    expect(engine.binary).toBe(binary);
    expect(await engine.version()).toBe('4.3.1');
  });
});

describe('runDoctor', () => {
  it('reports a missing podman with the fix and skips the rest', async () => {
    const checks = await runDoctor(new PodmanEngine({ binary: join(dir, 'absent') }));
    expect(checks[0]).toMatchObject({ name: 'podman on PATH', ok: false, fix: expect.stringContaining('apt-get install -y podman runc') });
    expect(checks.slice(1).map((c) => [c.name, c.ok, c.skipped])).toEqual([
      ['version', false, true], ['runtime', false, true], ['storage', false, true], ['run a container', false, true],
    ]);
  });

  it('reports a podman that cannot run containers, with the fix', async () => {
    const binary = await fakePodman('broken', [
      'case "$1" in',
      '  --version) echo "podman version 4.3.1" ;;',
      '  info) echo \'{"host":{"ociRuntime":{"name":"crun"},"cgroupVersion":"v1","cgroupManager":"cgroupfs","security":{"rootless":false}},"store":{"graphDriverName":"overlay","graphRoot":"/var/lib/containers/storage"}}\' ;;',
      '  image) exit 0 ;;',
      '  run) echo "Error: crun: creating cgroup directory: No such file or directory: OCI runtime error" >&2; exit 126 ;;',
      'esac',
    ].join('\n'));
    const checks = await runDoctor(new PodmanEngine({ binary }));
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['podman on PATH', true], ['version', true], ['runtime', true], ['storage', true], ['run a container', false], ['gpus', true],
    ]);
    expect(checks[4]).toMatchObject({ detail: expect.stringContaining('creating cgroup directory'), fix: expect.stringContaining('runc') });
    expect(checks[2]!.detail).toBe('crun (cgroups v1, cgroupfs, rootful)');
  });
});
