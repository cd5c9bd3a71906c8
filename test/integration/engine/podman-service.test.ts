/**
 * tempfs with a real `podman system service` (engine-api.ts, podman-api.ts): the built CLI's
 * `up -d`, `ps`, `exec` and `down` of a project whose containers reach each other by name, with
 * the networks made and pruned, the containers listed and removed through the API, and nothing left.
 * The service listens on a socket of this file's own (TEMPFS_PODMAN_SOCKET); a podman wrapper
 * records the calls that still go through the CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { PodmanApi } from '../../../src/engine/podman-api.js';
import { runBuilt } from '../../helpers/cli.js';
import { assertNothingLeft, removeProject, requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dir = tempDir('tempfs-podman-service-');
const socket = join(dir, 'podman.sock');
const log = join(dir, 'podman-calls');
const wrapper = join(dir, 'podman');
const project = uniqueProject('svc');
const plainEngine = new PodmanEngine({ env: { PATH: process.env.PATH, TEMPFS_PODMAN_SOCKET: 'none' } });
let service: ChildProcess;

beforeAll(async () => {
  await requireImages([TEST_IMAGES.busybox], plainEngine);
  service = spawn('podman', ['system', 'service', '--time', '0', `unix://${socket}`], { stdio: 'ignore' });
  const api = new PodmanApi(socket);
  for (let i = 0; !(await api.ping()); i++) {
    if (i > 100) throw new Error(`podman system service did not listen on ${socket} within 10 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> ${log}\nexec podman "$@"\n`);
  chmodSync(wrapper, 0o755);
  writeFileSync(
    join(dir, 'tempfs.yaml'),
    [
      `name: ${project}`,
      'containers:',
      '  app:',
      `    image: ${TEST_IMAGES.busybox}`,
      `    command: [sh, -c, 'echo ready; exec sleep 1000']`,
      '    ready: { log: ready }',
      "    ports: ['127.0.0.1::8080']",
      '    stop_grace_period: 0s',
      '  web:',
      `    image: ${TEST_IMAGES.busybox}`,
      `    command: [sleep, '1000']`,
      '    depends_on: { app: { condition: ready } }',
      '    stop_grace_period: 0s',
      '',
    ].join('\n'),
  );
}, 30_000);

afterAll(async () => {
  await removeProject(project, plainEngine);
  service?.kill();
  await assertNothingLeft(project, plainEngine);
});

const env = () => ({ ...process.env, TEMPFS_PODMAN: wrapper, TEMPFS_PODMAN_SOCKET: socket, TEMPFS_STATE_DIR: join(dir, 'state'), TEMPFS_ENGINE: 'podman' });
const calls = (): string[] => readFileSync(log, 'utf8').split('\n').filter(Boolean);

it('up -d, ps, exec and down go through the service where it answers; containers find each other by name', async () => {
  writeFileSync(log, '');
  const up = await runBuilt(['up', '-d', '--progress', 'plain'], { cwd: dir, env: env() });
  expect(up.code, up.stderr).toBe(0);
  // The network was made by the API as the CLI makes it: isolated, with its DNS, labelled.
  const network = JSON.parse((await plainEngine.cli(['network', 'inspect', `${project}_default`])).stdout)[0] as Record<string, unknown>;
  expect(network).toMatchObject({ dns_enabled: true, options: { isolate: 'true' }, labels: { 'io.tempfs.project': project } });
  // The service's container list reads as `podman ps` does (ports, labels, states, start times).
  const viaService = new PodmanEngine({ env: { PATH: process.env.PATH, TEMPFS_PODMAN_SOCKET: socket } });
  const byName = <T extends { name: string }>(list: T[]): T[] => [...list].sort((a, b) => a.name.localeCompare(b.name));
  const listed = byName(await viaService.listContainers({ project }));
  expect(listed).toEqual(byName(await plainEngine.listContainers({ project })));
  expect(listed.map((c) => [c.labels['io.tempfs.service'], c.state, c.ports.length])).toEqual([['app', 'running', 1], ['web', 'running', 0]]);
  const ps = await runBuilt(['ps'], { cwd: dir, env: env() });
  expect(ps.code, ps.stderr).toBe(0);
  expect(ps.stdout).toMatch(/app\s+running\s+yes\s+127\.0\.0\.1:\d+->8080/);
  const lookup = await runBuilt(['exec', 'web', '--', 'nslookup', 'app'], { cwd: dir, env: env() });
  expect(lookup.code, lookup.stderr).toBe(0);
  expect(lookup.stdout).toMatch(/Name:\s+app\b/);
  const down = await runBuilt(['down', '--progress', 'plain'], { cwd: dir, env: env() });
  expect(down.code, down.stderr).toBe(0);
  expect(down.stderr).toContain(`${project}: removed 2 containers, 1 network`);
  await assertNothingLeft(project, plainEngine);
  // The containers were created by `podman run`; nothing else on the path of up and down went through the CLI.
  const verbs = calls().map((c) => c.split(' ').slice(0, 2).join(' '));
  expect(verbs.filter((v) => v.startsWith('run '))).toHaveLength(2);
  expect(verbs.filter((v) => /^(network (create|prune|rm)|rm |ps )/.test(v))).toEqual([]);
}, 120_000);

it('a service that has gone leaves the same work to the CLI', async () => {
  service.kill();
  await new Promise((r) => service.once('exit', r));
  writeFileSync(log, '');
  const up = await runBuilt(['up', '-d', '--progress', 'plain'], { cwd: dir, env: env() });
  expect(up.code, up.stderr).toBe(0);
  const down = await runBuilt(['down', '--progress', 'plain'], { cwd: dir, env: env() });
  expect(down.code, down.stderr).toBe(0);
  await assertNothingLeft(project, plainEngine);
  const verbs = calls().map((c) => c.split(' ').slice(0, 2).join(' '));
  expect(verbs).toEqual(expect.arrayContaining(['network create', 'network prune']));
  expect(verbs.some((v) => v.startsWith('rm '))).toBe(true);
}, 120_000);
