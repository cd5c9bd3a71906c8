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
