/**
 * Readiness against real Podman: busybox containers that print after a delay, never
 * print, create a file, serve HTTP, or exit early. Every object carries this file's own
 * project label and the afterAll asserts none is left.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { Labels } from '../../../src/engine/engine.js';
import { containerName, networkName } from '../../../src/engine/naming.js';
import type { TempfsError } from '../../../src/errors.js';
import type { ContainerSpec } from '../../../src/recipe/model.js';
import { waitForCondition, waitUntilReady } from '../../../src/readiness/index.js';
import { container, ready } from '../../helpers/project.js';

const IMAGE = 'localhost/tempfs-busybox:test';
const project = `rdy-${randomBytes(4).toString('hex')}`;
const session = `s-${randomBytes(4).toString('hex')}`;
const network = networkName(project);
const engine = new PodmanEngine();

/** Builds the busybox test image when it is missing (no registry is reachable). */
function ensureBusyboxImage(): void {
  const script =
    'set -e; d=$(mktemp -d); mkdir -p "$d/bin"; cp /bin/busybox "$d/bin/"; ln -s busybox "$d/bin/sh";' +
    ` tar -C "$d" -c . | podman import - ${IMAGE} >/dev/null; rm -rf "$d"`;
  execFileSync('sh', ['-c', script], { stdio: 'inherit' });
}

/** Creates and starts one busybox container running `sh -c script`; returns its name. */
async function start(service: string, script: string, overrides: Partial<ContainerSpec> = {}): Promise<string> {
  const name = containerName(project, service);
  const spec = container(service, { image: IMAGE, command: ['sh', '-c', script], stop_grace_period: 0, ...overrides });
  await engine.createContainer({ spec, name, project, session, network, labels: {} });
  await engine.startContainer(name);
  return name;
}

async function failureOf(promise: Promise<unknown>): Promise<TempfsError> {
  return promise.then(
    () => {
      throw new Error('expected the wait to fail');
    },
    (error: TempfsError) => error,
  );
}

beforeAll(async () => {
  if (!(await engine.imageExists(IMAGE))) ensureBusyboxImage();
  await engine.ensureNetwork(network, { [Labels.project]: project, [Labels.session]: session });
});

afterAll(async () => {
  const left = await engine.listContainers({ project });
  await engine.removeContainers(left.map((c) => c.name), 0);
  await engine.removeNetwork(network);
  expect(await engine.listContainers({ project })).toEqual([]);
  expect(await engine.listNetworks({ project })).toEqual([]);
  expect(await engine.listVolumes({ project })).toEqual([]);
});

describe('readiness on Podman', () => {
  it('log: passes on a line printed to stderr after a delay', async () => {
    const name = await start('late', 'sleep 0.5; echo "server listening on 8080" >&2; exec sleep 60');
    const details: string[] = [];
    await waitUntilReady({
      engine,
      container: name,
      service: 'late',
      spec: ready({ log: 'listening on', interval: 100, timeout: 20_000 }),
      onProgress: (p) => details.push(p.detail),
    });
    expect(details).toEqual(['waiting for log /listening on/', 'log /listening on/ passed']);
  });

  it('log: times out when the line never comes, with the lines it did print', async () => {
    const name = await start('mute', 'echo starting; exec sleep 60');
    const error = await failureOf(
      waitUntilReady({ engine, container: name, service: 'mute', spec: ready({ log: 'listening on', timeout: 1_500 }) }),
    );
    expect(error.code).toBe('READINESS_TIMEOUT');
    expect(error.message).toMatch(/^mute: not ready after \d+\.\ds: waiting for log \/listening on\/ \(0 of 1 matches\)$/);
    expect(error.details).toEqual(['starting']);
  });

  it('log: lines of an earlier run do not count after a restart', async () => {
    // First run: prints the pattern and exits. Second run: prints something else at once.
    const script = 'if [ -f /ran ]; then echo second run; exec sleep 60; fi; touch /ran; echo listening on; exit 0';
    const name = await start('again', script);
    expect(await engine.waitContainer(name)).toBe(0);
    await engine.startContainer(name);
    const error = await failureOf(
      waitUntilReady({ engine, container: name, service: 'again', spec: ready({ log: 'listening on', timeout: 1_500 }) }),
    );
    expect(error.code).toBe('READINESS_TIMEOUT');
    expect(error.details).toEqual(['second run']);
  });

  it('exec: passes once the command exits 0 inside the container', async () => {
    const name = await start('flag', 'sleep 0.5; touch /tmp/ready; exec sleep 60');
    await waitUntilReady({
      engine,
      container: name,
      service: 'flag',
      spec: ready({ exec: ['sh', '-c', 'test -f /tmp/ready'], interval: 200, timeout: 20_000 }),
    });
    expect((await engine.exec(name, ['sh', '-c', 'test -f /tmp/ready'])).exitCode).toBe(0);
  });

  it('tcp and http: a published port accepts connections and answers 200', async () => {
    const script = 'mkdir -p /www; echo ok > /www/health; sleep 0.5; exec httpd -f -p 8080 -h /www';
    const ports = [{ host_ip: '127.0.0.1', host: null, container: 8080, protocol: 'tcp' as const }];
    const name = await start('web', script, { ports });
    const published = (await engine.inspectContainer(name))?.ports.find((p) => p.container === 8080);
    expect(published?.host).toBeGreaterThan(0);
    await waitUntilReady({
      engine,
      container: name,
      service: 'web',
      spec: ready({
        tcp: { host: '', port: 8080 },
        http: { url: `http://127.0.0.1:${published!.host}/health`, status: 200 },
        interval: 100,
        timeout: 20_000,
      }),
    });
  });

  it('fails at once with the exit code when the container exits before it is ready', async () => {
    const name = await start('crash', 'echo "fatal: no config"; exit 3');
    const error = await failureOf(
      waitUntilReady({ engine, container: name, service: 'crash', spec: ready({ log: 'listening on', timeout: 60_000 }) }),
    );
    expect(error.code).toBe('CONTAINER_EXITED');
    expect(error.message).toMatch(/^crash: exited with code 3 after \d+\.\ds, before it was ready/);
    expect(error.details).toEqual(['fatal: no config']);
  });

  it('completed_successfully: a one-shot exiting 3 is DEPENDENCY_FAILED', async () => {
    const name = await start('migrate', 'sleep 0.3; echo "migration 2 failed"; exit 3');
    const error = await failureOf(waitForCondition(engine, name, 'completed_successfully', null));
    expect(error.code).toBe('DEPENDENCY_FAILED');
    expect(error.message).toBe('migrate exited with code 3');
    expect(error.details).toEqual(['migration 2 failed']);
  });

  it('fresh (created and started by one podman run -d): passes on its first lines, fails at once on an exit', async () => {
    const spec = (service: string, script: string) => container(service, { image: IMAGE, command: ['sh', '-c', script], stop_grace_period: 0 });
    const runDetached = async (service: string, script: string, ephemeral = false) => {
      const name = containerName(project, service);
      await engine.createContainer({ spec: { ...spec(service, script), ephemeral }, name, project, session, network, labels: {}, start: true });
      return name;
    };
    const up = await runDetached('fresh-up', 'echo listening on 80; exec sleep 60');
    await waitUntilReady({ engine, container: up, service: 'fresh-up', spec: ready({ log: 'listening on', timeout: 20_000 }), fresh: true });

    const crash = await runDetached('fresh-crash', 'sleep 0.3; echo "fatal: no config"; exit 5');
    const error = await failureOf(
      waitUntilReady({ engine, container: crash, service: 'fresh-crash', spec: ready({ log: 'listening on', timeout: 60_000 }), fresh: true }),
    );
    expect(error.code).toBe('CONTAINER_EXITED');
    expect(error.message).toMatch(/^fresh-crash: exited with code 5 after \d+\.\ds, before it was ready/);
    expect(error.details).toEqual(['fatal: no config']);
  });
});
