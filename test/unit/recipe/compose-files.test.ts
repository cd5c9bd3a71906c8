/**
 * Compose files as public projects write them (test/fixtures/compose/*): each loads with
 * `tempfs config`, and what it became is the tempfs model the engine runs.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { ContainerSpec, Project } from '../../../src/recipe/model.js';
import { runInProcess } from '../../helpers/cli.js';

const root = fileURLToPath(new URL('../../fixtures/compose/', import.meta.url));
const folders = readdirSync(root).sort();
const env = { PATH: process.env.PATH, HOME: '/home/tester' };

async function config(folder: string, args: string[] = [], extraEnv: Record<string, string> = {}): Promise<Project> {
  const r = await runInProcess(['config', '--format', 'json', ...args], { cwd: root + folder, env: { ...env, ...extraEnv } });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Project;
}
const c = (p: Project, name: string) => p.containers[name] as ContainerSpec;

describe('compose files load with tempfs config', () => {
  test('there are at least 15 of them', () => {
    expect(folders.length).toBeGreaterThanOrEqual(15);
  });

  test.each(folders)('%s', async (folder) => {
    const project = await config(folder);
    expect(Object.keys(project.containers).length).toBeGreaterThan(0);
  });
});

describe('what they become', () => {
  test('web-db: healthchecks are exec probes, service_healthy is ready, restart and named volume', async () => {
    const p = await config('web-db');
    expect(p.name).toBe('shop');
    expect(c(p, 'db').ready).toEqual({ log: null, times: 1, http: null, tcp: null, exec: ['pg_isready', '-U', 'shop'], interval: 1000, timeout: 10_000 + 10 * 10_000 });
    expect(c(p, 'web').ready?.exec).toEqual(['sh', '-c', 'wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1']);
    expect(c(p, 'web').depends_on).toEqual({ db: { condition: 'ready' } });
    expect(c(p, 'web').restart).toBe('unless-stopped');
    expect(c(p, 'web').environment.DATABASE_URL).toBe('postgres://shop:secret@db:5432/shop');
    expect(c(p, 'db').volumes).toEqual([{ type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data', read_only: false, options: [] }]);
  });

  test('queue-worker: a string healthcheck runs in sh, on-failure:N, a bare environment key from the shell', async () => {
    const p = await config('queue-worker', [], { WORKER_ID: 'w7' });
    expect(c(p, 'rabbitmq').ready?.exec).toEqual(['sh', '-c', 'rabbitmq-diagnostics -q ping']);
    expect(c(p, 'worker')).toMatchObject({ restart: 'on-failure:3', stop_grace_period: 30_000, environment: { AMQP_URL: 'amqp://guest:guest@rabbitmq:5672/', WORKER_ID: 'w7' } });
    expect(c(p, 'producer').depends_on).toEqual({ worker: { condition: 'started' } });
  });

  test('redis-cache: ulimits, a string command split like a shell', async () => {
    const cache = c(await config('redis-cache'), 'cache');
    expect(cache.ulimits).toEqual({ nofile: { soft: 10000, hard: 20000 }, nproc: { soft: 4096, hard: 4096 } });
    expect(cache.command).toEqual(['redis-server', '--appendonly', 'yes', '--maxmemory', '256mb']);
  });

  test.each([
    [[], {}, ['app']],
    [['--profile', 'debug'], {}, ['adminer', 'app', 'mailhog']],
    [[], { COMPOSE_PROFILES: 'dev' }, ['app', 'mailhog']],
    [[], { COMPOSE_PROFILES: 'dev', TEMPFS_PROFILES: 'test' }, ['app', 'e2e']],
    [['--profile', '*'], {}, ['adminer', 'app', 'e2e', 'mailhog']],
  ])('profiles %j %j -> %j', async (args, extra, expected) => {
    expect(Object.keys((await config('profiles', args, extra)).containers).sort()).toEqual(expected);
  });

  test('env-files: .env for interpolation, env_file long form, raw format, expansion and quotes, 0123 stays a string', async () => {
    const api = c(await config('env-files'), 'api');
    expect(api.image).toBe('ghcr.io/example/api:2.3.1');
    expect(api.environment).toEqual({
      API_URL: 'https://api.example.com/v1',
      GREETING: 'hello $USER',
      MULTI: 'line one\nline two',
      URL_WITH_TAG: 'registry/api:2.3.1',
      EMPTY: '',
      TEMPLATE: '${NOT_EXPANDED} "quotes kept"',
      NODE_ENV: 'production',
      PIN: '0123',
    });
  });

  test('secrets and configs from files', async () => {
    const db = c(await config('secrets'), 'db');
    expect(db.secrets).toEqual([
      { name: 'db_password', source: `${root}secrets/db_password.txt`, target: '/run/secrets/db_password' },
      { name: 'db_root_ca', source: `${root}secrets/ca.pem`, target: '/run/secrets/ca.pem' },
    ]);
    expect(db.configs).toEqual([{ name: 'pg_conf', source: `${root}secrets/postgresql.conf`, target: '/etc/postgresql/postgresql.conf' }]);
  });

  test('networks: named project networks with aliases, internal, not the default one', async () => {
    const p = await config('networks');
    expect(p.networks).toEqual({ frontend: { name: null, external: false, internal: false, labels: {} }, backend: { name: null, external: false, internal: true, labels: {} } });
    expect(c(p, 'app').networks).toEqual({ frontend: { aliases: ['api', 'api.internal'] }, backend: { aliases: [] } });
    expect(c(p, 'db').networks).toEqual({ backend: { aliases: ['database'] } });
  });

  test('resources: mem_limit, memswap_limit, cpus, pids_limit, shm_size, deploy.resources.limits, swap "-1"', async () => {
    const p = await config('resources');
    expect(c(p, 'selenium')).toMatchObject({ shm_size: 2 * 1024 ** 3, resources: { cpus: 1.5, memory: 2 * 1024 ** 3, memory_swap: 3 * 1024 ** 3, pids: 512 } });
    expect(c(p, 'worker').resources).toEqual({ cpus: 0.5, memory: 512 * 1024 ** 2, memory_swap: null, pids: 100 });
    expect(c(p, 'unlimited-swap').resources.memory_swap).toBe(-1);
  });

  test('hardened: read_only, tmpfs string and tmpfs volumes, anonymous volume, :ro,z, cap_drop', async () => {
    const api = c(await config('hardened'), 'api');
    expect(api).toMatchObject({ read_only: true, cap_drop: ['ALL'], cap_add: ['NET_BIND_SERVICE'], init: true, user: '1000:1000' });
    expect(api.tmpfs).toEqual([{ target: '/tmp', size: 64 * 1024 ** 2 }, { target: '/run', size: null }]);
    expect(api.volumes).toEqual([
      { type: 'volume', source: '', target: '/cache', read_only: false, options: [] },
      { type: 'bind', source: `${root}hardened/config`, target: '/etc/api', read_only: true, options: ['z'] },
    ]);
  });

  test('nginx-proxy: container_name, stop_signal, extra_hosts both ways, long port form with mode', async () => {
    const nginx = c(await config('nginx-proxy'), 'nginx');
    expect(nginx).toMatchObject({ container_name: 'edge-proxy', stop_signal: 'SIGQUIT', stop_grace_period: 90_000, extra_hosts: ['legacy.internal:10.0.0.5', 'metrics.internal:10.0.0.6'] });
    expect(nginx.ports).toEqual([
      { host_ip: '', host: 8090, container: 80, protocol: 'tcp' },
      { host_ip: '127.0.0.1', host: 8443, container: 443, protocol: 'tcp' },
    ]);
  });

  test('migrations: service_completed_successfully, an optional dependency that is not there is dropped', async () => {
    const p = await config('migrations');
    expect(c(p, 'app').depends_on).toEqual({ migrate: { condition: 'completed_successfully' }, db: { condition: 'ready' } });
  });

  test('elastic: memlock -1, environment as a list with spaces, labelled named volume', async () => {
    const p = await config('elastic');
    expect(c(p, 'es01').ulimits).toEqual({ memlock: { soft: -1, hard: -1 } });
    expect(c(p, 'es01').environment['ES_JAVA_OPTS']).toBe('-Xms512m -Xmx512m');
    expect(p.volumes.esdata01).toEqual({ name: 'esdata01', labels: { 'com.example.backup': 'daily' } });
  });

  test('anchors: x- fragments merged with <<', async () => {
    const p = await config('anchors');
    expect(c(p, 'worker')).toMatchObject({ image: 'ghcr.io/example/app:1', restart: 'unless-stopped', command: ['worker'] });
    expect(c(p, 'worker').environment).toEqual({ DATABASE_URL: 'postgres://db/app', REDIS_URL: 'redis://cache', QUEUES: 'default,mail' });
  });

  test('monitoring: nocopy and :ro,Z volume options', async () => {
    const p = await config('monitoring');
    expect(c(p, 'prometheus').volumes[0]).toMatchObject({ source: 'prom', options: ['nocopy'] });
    expect(c(p, 'grafana').volumes[0]).toMatchObject({ type: 'bind', read_only: true, options: ['Z'] });
  });

  test('minio: a port range is one mapping per port; ${VAR:?} satisfied by .env', async () => {
    const minio = c(await config('minio'), 'minio');
    expect(minio.ports).toEqual([
      { host_ip: '', host: 9000, container: 9000, protocol: 'tcp' },
      { host_ip: '', host: 9001, container: 9001, protocol: 'tcp' },
    ]);
    expect(minio.environment.MINIO_ROOT_PASSWORD).toBe('changeme123');
  });

  test('override-pair: compose.override.yaml is read beside compose.yaml and merged as Compose merges', async () => {
    const p = await config('override-pair');
    expect(p.files.map((f) => f.split('/').pop())).toEqual(['compose.yaml', 'compose.override.yaml']);
    expect(c(p, 'api')).toMatchObject({ environment: { MODE: 'development', DEBUG: '1' }, cap_add: ['NET_ADMIN', 'SYS_PTRACE'] });
    expect(c(p, 'api').ports.map((port) => port.container)).toEqual([8000, 9229]);
  });

  test('legacy-name: docker-compose.yml is found; version is accepted', async () => {
    const p = await config('legacy-name');
    expect(c(p, 'app')).toMatchObject({ stop_signal: 'SIGINT', working_dir: '/srv', ports: [{ host_ip: '', host: null, container: 8000, protocol: 'tcp' }] });
  });

  test('COMPOSE_FILE names the files; the project name is COMPOSE_PROJECT_NAME in interpolation', async () => {
    const p = await config('web-db', [], { COMPOSE_FILE: 'compose.yaml:ci.yaml', COMPOSE_PROJECT_NAME: 'ci-run' });
    expect([p.name, c(p, 'db').image]).toEqual(['ci-run', 'localhost/tempfs-busybox:test']);
  });

  test('TEMPFS_FILE wins over COMPOSE_FILE', async () => {
    const p = await config('web-db', [], { TEMPFS_FILE: 'compose.yaml', COMPOSE_FILE: 'compose.yaml:ci.yaml' });
    expect(c(p, 'db').image).toBe('docker.io/library/postgres:16-alpine');
  });

  test('!reset in an override empties a list', async () => {
    const p = await config('queue-worker', ['-f', 'compose.yaml', '-f', 'ci.yaml']);
    expect(c(p, 'rabbitmq').ports).toEqual([]);
  });
});
