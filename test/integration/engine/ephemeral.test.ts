/**
 * The ephemeral sandbox on the Debian image: the image is read-only, the writable paths
 * are size-capped tmpfs, and nothing written survives the container.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { containerName, networkName } from '../../../src/engine/naming.js';
import { ownerLabels } from '../../../src/engine/labels.js';
import { container } from '../../helpers/project.js';
import { assertNothingLeft, removeProject, requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';

const engine = new PodmanEngine();
const project = uniqueProject('eph');
const session = 'sess-eph';
const network = networkName(project);
const name = containerName(project, 'sandbox');
const spec = container('sandbox', {
  image: TEST_IMAGES.debian,
  command: ['sleep', 'infinity'],
  ephemeral: true,
  tmpfs: [{ target: '/work', size: 8 * 2 ** 20 }],
  stop_grace_period: 0,
});

async function startSandbox(): Promise<void> {
  await engine.createContainer({ spec, name, project, session, network, labels: {} });
  await engine.startContainer(name);
}

const sh = (script: string) => engine.exec(name, ['bash', '-c', script]);

beforeAll(async () => {
  await requireImages([TEST_IMAGES.debian]);
  await engine.ensureNetwork(network, ownerLabels(project, session));
  await startSandbox();
});

afterAll(async () => {
  await removeProject(project, engine);
  await assertNothingLeft(project, engine);
});

describe('ephemeral sandbox', () => {
  it('refuses writes outside tmpfs', async () => {
    for (const path of ['/etc/x', '/usr/x', '/opt/x']) {
      const r = await sh(`echo data > ${path}`);
      expect(r.exitCode, path).not.toBe(0);
      expect(r.stderr).toMatch(/Read-only file system/);
    }
  });

  it('accepts writes to /tmp, /var/tmp, /run, HOME and the recipe tmpfs', async () => {
    const r = await sh('for d in /tmp /var/tmp /run /root /work; do echo hi > $d/probe && cat $d/probe; done');
    expect(r).toMatchObject({ exitCode: 0, stdout: 'hi\nhi\nhi\nhi\nhi' });
  });

  it('caps tmpfs sizes and runs locked down', async () => {
    const r = await sh('head -c 9000000 /dev/zero > /work/big');
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/No space left on device/);
    const host = (await engine.inspectRaw(name))!.HostConfig as Record<string, unknown>;
    expect(host).toMatchObject({ ReadonlyRootfs: true, AutoRemove: true, PidsLimit: 1024 });
    expect(host.SecurityOpt).toEqual(expect.arrayContaining(['no-new-privileges']));
    const caps = await sh('grep CapEff /proc/self/status');
    expect(caps.stdout).toMatch(/CapEff:\s+0+$/);
  });

  it('keeps nothing after removal: a new sandbox starts clean', async () => {
    expect((await sh('echo secret > /tmp/keep && echo secret > /root/keep')).exitCode).toBe(0);
    await engine.removeContainers([name], 0);
    expect(await engine.inspectContainer(name)).toBeNull();
    await startSandbox();
    const r = await sh('cat /tmp/keep /root/keep');
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toBe('');
  });
});
