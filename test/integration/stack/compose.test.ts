/**
 * Compose files through the built CLI on real Podman: `up -d --wait` with the healthchecks
 * as readiness, the compose fields as Podman sees them, and `down -v` leaving nothing
 * (testProject checks containers, volumes and networks when each test ends).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { engine, fixtureDir, freePort, indexOf, jsonEvents, tempfs, testProject, useStateDir } from './stack.js';

const stateDir = useStateDir();
const composeDir = (name: string) => fileURLToPath(new URL(`../../fixtures/compose/${name}/`, import.meta.url));

async function upAndDown(folder: string, prefix: string, env: Record<string, string> = {}, check?: (project: string) => Promise<void>) {
  const project = testProject(prefix);
  const run = { cwd: composeDir(folder), stateDir: stateDir(), env };
  // Bind mounts and file secrets reach the host: the folder is trusted once, as a user would.
  const trust = await tempfs(['-f', 'compose.yaml', '-f', 'ci.yaml', 'trust'], run);
  expect(trust.code, trust.stderr).toBe(0);
  const up = await tempfs(['-f', 'compose.yaml', '-f', 'ci.yaml', '-p', project, 'up', '-d', '--wait', '--progress', 'json'], run);
  expect(up.code, up.stderr).toBe(0);
  const events = jsonEvents(up.stderr);
  await check?.(project);
  const down = await tempfs(['-f', 'compose.yaml', '-f', 'ci.yaml', '-p', project, 'down', '-v'], run);
  expect(down.code, down.stderr).toBe(0);
  return events;
}

describe('compose files come up with their healthchecks as readiness', () => {
  it('web-db: web starts only once db is healthy, and is healthy itself', async () => {
    const events = await upAndDown('web-db', 'cwebdb', { WEB_PORT: String(await freePort()) });
    expect(indexOf(events, 'db', 'ready')).toBeLessThan(indexOf(events, 'web', 'starting'));
    expect(indexOf(events, 'web', 'ready')).toBeGreaterThan(0);
  });

  it('queue-worker: the worker reaches the queue by name once it is healthy', async () => {
    const events = await upAndDown('queue-worker', 'cqueue');
    expect(indexOf(events, 'rabbitmq', 'ready')).toBeLessThan(indexOf(events, 'worker', 'starting'));
  });

  it('migrations: the app waits for the one-shot migration to complete', async () => {
    const events = await upAndDown('migrations', 'cmigr');
    expect(indexOf(events, 'migrate', 'exited')).toBeLessThan(indexOf(events, 'app', 'starting'));
  });

  it('networks: aliases on a named network, the internal backend out of the proxy\'s reach', async () => {
    const events = await upAndDown('networks', 'cnets', { PROXY_PORT: String(await freePort()) });
    expect(indexOf(events, 'proxy', 'ready')).toBeGreaterThan(0);
  });

  it('hardened: read-only root, tmpfs volumes, anonymous volume, :ro bind', async () => {
    const events = await upAndDown('hardened', 'chard');
    expect(indexOf(events, 'api', 'ready')).toBeGreaterThan(0);
  });

  it('secrets: mounted read-only from files', async () => {
    await upAndDown('secrets', 'csecret', {}, async (project) => {
      const read = await engine.exec(`${project}-db-1`, ['cat', '/run/secrets/db_password', '/run/secrets/ca.pem', '/etc/postgresql/postgresql.conf']);
      expect(read.stdout.trimEnd()).toBe('s3cr3t\n-----BEGIN CERTIFICATE-----\nmax_connections = 50');
    });
  });
});

describe('every mapped compose field reaches Podman', () => {
  it('compose-fields', async () => {
    const project = testProject('cfields');
    const run = { cwd: fixtureDir('compose-fields'), stateDir: stateDir() };
    expect((await tempfs(['trust'], run)).code).toBe(0); // its file secrets and configs reach the host
    const up = await tempfs(['-p', project, 'up', '-d', '--progress', 'json'], run);
    expect(up.code, up.stderr).toBe(0);
    expect(indexOf(jsonEvents(up.stderr), 'peer', 'ready')).toBeGreaterThan(0);

    const raw = (await engine.inspectRaw(`${project}-custom-app`)) as { HostConfig: Record<string, any>; Config: Record<string, any>; NetworkSettings: Record<string, any> };
    const host = raw.HostConfig;
    expect(host.RestartPolicy).toMatchObject({ Name: 'on-failure', MaximumRetryCount: 2 });
    expect(host.CapDrop).toContain('CAP_NET_RAW');
    expect(host.ShmSize).toBe(32 * 1024 * 1024);
    expect(host.Ulimits).toContainEqual({ Name: 'RLIMIT_NOFILE', Soft: 1024, Hard: 2048 });
    expect(host.ExtraHosts).toEqual(['legacy.internal:10.1.2.3']);
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.Memory).toBe(64 * 1024 * 1024);
    expect(host.NanoCpus).toBe(500_000_000);
    expect(host.PidsLimit).toBe(64);
    expect(host.Init).toBe(true);
    expect(raw.Config.StopSignal).toBe(10); // SIGUSR1
    expect(Object.keys(raw.NetworkSettings.Networks)).toEqual([`${project}_back`]);
    expect(raw.NetworkSettings.Networks[`${project}_back`].Aliases).toEqual(expect.arrayContaining(['app', 'api-alias']));
    const conf = await engine.exec(`${project}-custom-app`, ['cat', '/etc/app/settings.conf']);
    expect(conf.stdout.trimEnd()).toBe('mode=test');

    const down = await tempfs(['-p', project, 'down', '-v'], run);
    expect(down.code, down.stderr).toBe(0);
  });
});
