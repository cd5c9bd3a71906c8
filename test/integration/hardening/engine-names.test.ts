/**
 * Issue 16 items 3 and 13 against real Podman: an image never becomes a flag, and a volume
 * name shared by two projects (`p` + `y_data`, `p_y` + `data`) is never silently reused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { containerName, networkName, volumeName } from '../../../src/engine/naming.js';
import { ownerLabels } from '../../../src/engine/labels.js';
import { container } from '../../helpers/project.js';
import { assertNothingLeft, removeProject, requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';

const engine = new PodmanEngine();
const p = uniqueProject('hn');
const py = `${p}_y`;

beforeAll(async () => {
  await requireImages([TEST_IMAGES.busybox]);
  await engine.ensureNetwork(networkName(p), ownerLabels(p, 's1'));
});

afterAll(async () => {
  for (const project of [p, py]) {
    await removeProject(project, engine);
    await assertNothingLeft(project, engine);
  }
});

describe('names and values that reach Podman', () => {
  it('an image spelled as a flag is an image name Podman refuses, never --privileged', async () => {
    const spec = container('flag', { image: '--privileged', command: [TEST_IMAGES.busybox, 'sleep', '30'], stop_grace_period: 0 });
    const name = containerName(p, 'flag');
    const err = await engine.createContainer({ spec, name, project: p, session: 's1', network: networkName(p), labels: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: expect.stringMatching(/^(IMAGE_MISSING|PODMAN_FAILED)$/) });
    expect(await engine.inspectContainer(name)).toBeNull();
  });

  it("project p's volume y_data and project p_y's volume data are not one volume", async () => {
    const shared = volumeName(p, 'y_data');
    expect(volumeName(py, 'data')).toBe(shared);
    await engine.ensureVolume(shared, ownerLabels(p, 's1'));
    const err = await engine.ensureVolume(volumeName(py, 'data'), ownerLabels(py, 's2')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NAME_CONFLICT', message: `volume ${shared} belongs to project ${p}, not ${py}` });
    // The owner itself reuses it as before.
    await expect(engine.ensureVolume(shared, ownerLabels(p, 's3'))).resolves.toBeUndefined();
  });
});

describe('projects cannot reach each other', () => {
  it("a container of one project gets no answer from another project's unpublished port", { timeout: 120_000 }, async () => {
    const other = uniqueProject('hn-other');
    const a = networkName(p);
    const b = networkName(other);
    await engine.ensureNetwork(b, ownerLabels(other, 's9'));
    try {
      const server = container('srv', { image: TEST_IMAGES.busybox, command: ['sh', '-c', 'echo hi > /tmp/i; httpd -f -p 8080 -h /tmp'], stop_grace_period: 0 });
      const name = containerName(p, 'srv');
      await engine.createContainer({ spec: server, name, project: p, session: 's1', network: a, labels: {}, start: true });
      const ip = (((await engine.inspectRaw(name))!.NetworkSettings as { Networks: Record<string, { IPAddress: string }> }).Networks[a]!).IPAddress;
      const probe = async (project: string, network: string, service: string) => {
        const spec = container(service, { image: TEST_IMAGES.busybox, command: ['sh', '-c', `for i in 1 2 3 4 5 6 7 8 9 10; do timeout 3 wget -q -O- http://${ip}:8080/i && exit 0; sleep 0.3; done; exit 1`] });
        const n = containerName(project, service);
        await engine.createContainer({ spec, name: n, project, session: 's1', network, labels: {}, autoRemove: true });
        return engine.startAttached(n, { inherit: false });
      };
      // The same project answers (so the server is up) ...
      expect(await probe(p, a, 'same')).toMatchObject({ exitCode: 0, stdout: 'hi' });
      // ... another project's container does not.
      expect((await probe(other, b, 'intruder')).exitCode).not.toBe(0);
    } finally {
      await removeProject(other, engine);
      await assertNothingLeft(other, engine);
    }
  });
});
