/**
 * The orchestrator through the package's library surface (src/index.ts), as a TypeScript
 * user writes a test with it: load a recipe, `up` on a PodmanEngine, use the containers,
 * `down`; and `run` a one-off with its output captured. Real Podman; nothing with the
 * project's label may be left (testProject checks that, and that no monitor is left).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Labels, loadProject, PodmanEngine, run, up, type TempfsEvent } from '../../../src/index.js';
import { leftovers } from '../../helpers/podman.js';
import { testProject, useStateDir } from './stack.js';

const RECIPE = `
x-busybox: &busybox
  image: localhost/tempfs-busybox:test
  stop_grace_period: 0s
containers:
  db:
    <<: *busybox
    command: [sh, -c, 'touch /tmp/ready; exec sleep 1000']
    ready: { exec: [test, -f, /tmp/ready], interval: 100ms }
  app:
    <<: *busybox
    command: [sh, -c, 'echo app up; exec sleep 1000']
    depends_on: { db: { condition: ready } }
`;

describe('the library API (up, down, run)', () => {
  const stateDir = useStateDir();
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tempfs-lib-'));
    await writeFile(join(dir, 'tempfs.yaml'), RECIPE);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const load = async (name: string) => {
    const env = { ...process.env, TEMPFS_STATE_DIR: stateDir() };
    const { project } = await loadProject({ cwd: dir, projectName: name, env });
    return { project, env, engine: new PodmanEngine({ env }) };
  };

  it('brings a recipe up (ready, in order) and down, leaving nothing with its label', async () => {
    const name = testProject('lib');
    const { project, env, engine } = await load(name);
    const events: TempfsEvent[] = [];
    const stack = await up({ engine, project, env, events: (e) => events.push(e) });
    try {
      expect(stack.containers).toEqual({ db: `${name}-db-1`, app: `${name}-app-1` });
      const running = await engine.listContainers({ project: name });
      expect(running.map((c) => [c.name, c.state, c.labels[Labels.session]]).sort()).toEqual([
        [`${name}-app-1`, 'running', stack.session],
        [`${name}-db-1`, 'running', stack.session],
      ]);
      const dbReady = events.findIndex((e) => e.type === 'container' && e.service === 'db' && e.status === 'ready');
      const appStarting = events.findIndex((e) => e.type === 'container' && e.service === 'app' && e.status === 'starting');
      expect(dbReady).toBeGreaterThanOrEqual(0);
      expect(dbReady).toBeLessThan(appStarting);
      expect((await engine.exec(stack.containers.app!, ['test', '-f', '/tmp/ready'])).exitCode).not.toBe(0); // each has its own /tmp
    } finally {
      await stack.down();
    }
    expect(await leftovers(name, engine)).toEqual({ containers: [], volumes: [], networks: [] });
  });

  it('runs a one-off after its dependencies, captures its output and exit code, and removes everything', async () => {
    const name = testProject('librun');
    const { project, env, engine } = await load(name);
    const result = await run({ engine, project, env, service: 'app', command: ['sh', '-c', 'echo hello from the one-off; exit 3'], inherit: false });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain('hello from the one-off');
    expect(await leftovers(name, engine)).toEqual({ containers: [], volumes: [], networks: [] });
  });
});
