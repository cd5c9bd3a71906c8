/**
 * The verbs on a running stack through the built CLI: `--progress json`, `ps --json`, `ls`,
 * `logs` prefixing, `exec` exit codes, the resource limits Podman applied, and a second
 * `up -d` after one container's recipe changed (only that one is recreated).
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerName } from '../../../src/engine/naming.js';
import { engine, fixtureDir, freePort, jsonEvents, psJson, tempfs, testProject, useStateDir } from './stack.js';

const stateDir = useStateDir();
const cwd = fixtureDir('verbs');

describe('a running stack', () => {
  it('progress json, ps --json, logs, exec and resource limits', async () => {
    const project = testProject('verbs');
    const port = await freePort();
    const run = { cwd, stateDir: stateDir(), env: { WEB_PORT: String(port) } };

    const up = await tempfs(['up', '-d', '-p', project, '--progress', 'json'], run);
    expect(up.code, up.stderr).toBe(0);
    // One JSON object per line, nothing else.
    const events = jsonEvents(up.stderr);
    expect(events.length).toBeGreaterThan(4);
    expect(events.filter((e) => e.type === 'container' && e.status === 'ready').map((e) => (e as { service: string }).service).sort()).toEqual(['web', 'worker']);

    const ps = await psJson(project, run);
    expect(ps.web).toMatchObject({ service: 'web', name: `${project}-web-1`, state: 'running', ready: true, ports: [`127.0.0.1:${port}->8080/tcp`] });
    expect(ps.worker).toMatchObject({ service: 'worker', name: `${project}-worker-1`, state: 'running', ready: true, ports: [] });

    // `ls` finds the project from the engine's labels alone (no recipe needed).
    const ls = await tempfs(['ls', '--json'], { ...run, cwd: stateDir() });
    expect(ls.code, ls.stderr).toBe(0);
    expect((JSON.parse(ls.stdout) as { project: string }[]).find((row) => row.project === project)).toEqual({
      project, running: 2, containers: 2, services: ['web', 'worker'], ttlLeftSec: null,
    });
    const lsText = await tempfs(['ls'], { ...run, cwd: stateDir() });
    expect(lsText.stdout).toMatch(new RegExp(`^${project} +2/2 +web, worker +-$`, 'm'));

    const logs = await tempfs(['logs', '-p', project], run);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/^web {4}\| web serving$/m);
    expect(logs.stdout).toMatch(/^worker \| worker line 1\nworker \| worker line 2$/m);
    const one = await tempfs(['logs', '-p', project, 'worker'], run);
    expect(one.stdout).toBe('worker line 1\nworker line 2\n');
    const tail = await tempfs(['logs', '-p', project, '-n', '1', 'worker'], run);
    expect(tail.stdout).toBe('worker line 2\n');

    const exec = await tempfs(['exec', '-p', project, 'worker', '--', 'sh', '-c', 'echo from inside; exit 42'], run);
    expect(exec).toMatchObject({ code: 42, stdout: 'from inside\n' });
    expect((await tempfs(['exec', '-p', project, 'web', '--', 'true'], run)).code).toBe(0);

    const host = (await engine.inspectRaw(containerName(project, 'web')))?.HostConfig as Record<string, unknown>;
    expect(host).toMatchObject({ Memory: 64 * 2 ** 20, MemorySwap: 96 * 2 ** 20, NanoCpus: 500_000_000, PidsLimit: 64 });

    expect((await tempfs(['down', '-p', project], run)).code).toBe(0);
  });

  it('a second up -d recreates only the container whose recipe changed', async () => {
    const project = testProject('recreate');
    const dir = await mkdtemp(join(tmpdir(), 'tempfs-recreate-'));
    try {
      await copyFile(join(cwd, 'tempfs.yaml'), join(dir, 'tempfs.yaml'));
      const run = { cwd: dir, stateDir: stateDir(), env: { WEB_PORT: String(await freePort()) } };
      const ids = async () => Object.fromEntries((await engine.listContainers({ project })).map((c) => [c.labels['io.tempfs.service'], c.id]));

      expect((await tempfs(['up', '-d', '-p', project], run)).code).toBe(0);
      const before = await ids();
      const again = await tempfs(['up', '-d', '-p', project], run);
      expect(again.code, again.stderr).toBe(0);
      expect(await ids()).toEqual(before);
      // From another state folder no session of the project is on record, so `up -d` lists
      // nothing before creating: the name conflict tells, and it joins all the same.
      const elsewhere = await tempfs(['up', '-d', '-p', project], { ...run, stateDir: join(dir, 'other-state') });
      expect(elsewhere.code, elsewhere.stderr).toBe(0);
      expect(await ids()).toEqual(before);

      const recipe = await readFile(join(dir, 'tempfs.yaml'), 'utf8');
      await writeFile(join(dir, 'tempfs.yaml'), recipe.replace('MODE: first', 'MODE: second'));
      const changed = await tempfs(['up', '-d', '-p', project], run);
      expect(changed.code, changed.stderr).toBe(0);
      const after = await ids();
      expect(after.web).toBe(before.web);
      expect(after.worker).not.toBe(before.worker);
      expect(changed.stderr).toMatch(/^worker stopping recreating: its recipe changed$/m);
      const mode = await tempfs(['exec', '-p', project, 'worker', '--', 'sh', '-c', 'echo $MODE'], run);
      expect(mode).toMatchObject({ code: 0, stdout: 'second\n' });
      const ps = await psJson(project, run);
      for (const row of Object.values(ps)) expect(row).toMatchObject({ state: 'running', ready: true });

      expect((await tempfs(['down', '-p', project], run)).code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Three `up -d`, an exec, ps and down: more than the default 30 s on a loaded machine (seen on Docker).
  }, 120_000);
});
