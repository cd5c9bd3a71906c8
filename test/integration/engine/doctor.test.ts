/** `tempfs doctor`'s checks against the real Podman of this machine: all pass. */
import { describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { runDoctor } from '../../../src/engine/doctor.js';
import { requireImages, TEST_IMAGES } from '../../helpers/podman.js';

describe('runDoctor on this machine', () => {
  it('passes every check and really runs a container', async () => {
    const engine = new PodmanEngine();
    await requireImages([TEST_IMAGES.busybox], engine);
    const checks = await runDoctor(engine);
    expect(checks.map((c) => c.name)).toEqual(['podman on PATH', 'version', 'runtime', 'storage', 'run a container', 'gpus']);
    expect(checks.filter((c) => !c.ok || c.skipped)).toEqual([]);
    expect(checks[4]!.detail).toContain(TEST_IMAGES.busybox);
  });
});
