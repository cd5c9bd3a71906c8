/**
 * A container's own `ttl` (issue 17: finished, not dropped): after a detached `up -d`, the
 * monitor removes that container when its time is up and leaves its siblings running; the
 * stack itself goes with `down` (or its own ttl).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { TEST_IMAGES } from '../../helpers/podman.js';
import { engine, psJson, tempfs, testProject, useStateDir } from './stack.js';

const stateDir = useStateDir();

describe('containers.*.ttl', () => {
  it('removes that container alone when its ttl is up; the rest stays until down', async () => {
    const project = testProject('cttl');
    const dir = await mkdtemp(join(tmpdir(), 'tempfs-cttl-'));
    try {
      await writeFile(
        join(dir, 'tempfs.yaml'),
        [
          'containers:',
          '  short:',
          `    image: ${TEST_IMAGES.busybox}`,
          '    command: ["sleep", "1000"]',
          '    ttl: 3s',
          '  long:',
          `    image: ${TEST_IMAGES.busybox}`,
          '    command: ["sleep", "1000"]',
          '',
        ].join('\n'),
      );
      const run = { cwd: dir, stateDir: stateDir() };
      const up = await tempfs(['up', '-d', '-p', project], run);
      expect(up.code, up.stderr).toBe(0);
      const ps = await psJson(project, run);
      expect(Object.keys(ps).sort()).toEqual(['long', 'short']);

      // The monitor polls every 2 s: a loaded machine gets a generous limit.
      await vi.waitFor(async () => {
        const names = (await engine.listContainers({ project })).map((c) => c.labels['io.tempfs.service']);
        expect(names).toEqual(['long']);
      }, { timeout: 60_000, interval: 500 });
      expect((await psJson(project, run)).long).toMatchObject({ state: 'running' });

      expect((await tempfs(['down', '-p', project], run)).code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
