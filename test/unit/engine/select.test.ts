/** Choosing the engine and its connection, the Docker dialect of the create args, and the monitor's argv carrying both. */
import { describe, expect, it } from 'vitest';
import { selectEngine } from '../../../src/engine/select.js';
import { connectionArgs, isRemote, urlHost } from '../../../src/engine/connection.js';
import { buildCreateArgs, DOCKER_DIALECT } from '../../../src/engine/run-args.js';
import { errorText } from '../../../src/engine/exec.js';
import { busyPort } from '../../../src/engine/start-errors.js';
import { monitorArgv, parseMonitorArgv, type MonitorConfig } from '../../../src/monitor/monitor-args.js';
import { isTempfsError } from '../../../src/errors.js';
import { container } from '../../helpers/project.js';

const NO_PATH = { PATH: '/nonexistent' };

describe('selectEngine', () => {
  it('--engine beats TEMPFS_ENGINE beats what is on PATH', () => {
    expect(selectEngine({ engine: 'docker' }, { ...NO_PATH, TEMPFS_ENGINE: 'podman' })).toEqual({
      connection: { kind: 'docker', binary: 'docker' },
      reason: '--engine docker',
    });
    expect(selectEngine({}, { ...NO_PATH, TEMPFS_ENGINE: 'docker', TEMPFS_DOCKER: '/opt/docker' }).connection).toEqual({ kind: 'docker', binary: '/opt/docker' });
    expect(selectEngine({}, NO_PATH).connection.kind).toBe('podman');
  });

  it('an unknown engine is a usage error', () => {
    let error: unknown;
    try {
      selectEngine({ engine: 'lxc' }, NO_PATH);
    } catch (e) {
      error = e;
    }
    expect(isTempfsError(error, 'USAGE')).toBe(true);
  });

  it('takes the connection from flags, then the engines own variables', () => {
    expect(selectEngine({ engine: 'podman' }, { ...NO_PATH, CONTAINER_HOST: 'unix:///run/p.sock' }).connection).toEqual({ kind: 'podman', binary: 'podman', url: 'unix:///run/p.sock' });
    expect(selectEngine({ connection: 'box' }, NO_PATH).connection).toEqual({ kind: 'podman', binary: 'podman', connection: 'box' });
    expect(selectEngine({ engine: 'docker' }, { ...NO_PATH, DOCKER_HOST: 'ssh://me@box' }).connection).toEqual({ kind: 'docker', binary: 'docker', url: 'ssh://me@box' });
    expect(selectEngine({ context: 'prod' }, { ...NO_PATH, DOCKER_HOST: 'ssh://me@box' }).connection).toEqual({ kind: 'docker', binary: 'docker', context: 'prod' });
    expect(() => selectEngine({ engine: 'podman', context: 'x' }, NO_PATH)).toThrow(/--context is a Docker option/);
    expect(() => selectEngine({ engine: 'docker', connection: 'x' }, NO_PATH)).toThrow(/--connection is a Podman option/);
  });

  it('the connection flags lead every call; any explicit connection is remote', () => {
    expect(connectionArgs({ kind: 'podman', binary: 'podman', url: 'unix:///s' })).toEqual(['--url', 'unix:///s']);
    expect(connectionArgs({ kind: 'docker', binary: 'docker', url: 'tcp://h:2375' })).toEqual(['--host', 'tcp://h:2375']);
    expect(connectionArgs({ kind: 'docker', binary: 'docker', context: 'c' })).toEqual(['--context', 'c']);
    expect(isRemote({ kind: 'docker', binary: 'docker' })).toBe(false);
    expect(isRemote({ kind: 'docker', binary: 'docker', context: 'default' })).toBe(false);
    expect(isRemote({ kind: 'docker', binary: 'docker', url: 'unix:///var/run/docker.sock' })).toBe(false);
    expect(isRemote({ kind: 'docker', binary: 'docker', url: 'unix:///tmp/t/docker.sock' })).toBe(true);
    expect(isRemote({ kind: 'podman', binary: 'podman', url: 'unix:///s' })).toBe(true);
  });

  it('published ports of a remote engine are on its host; a socket is this machine', () => {
    expect(urlHost('ssh://me@box.example:22/run/podman.sock')).toBe('box.example');
    expect(urlHost('tcp://10.0.0.5:2375')).toBe('10.0.0.5');
    expect(urlHost('tcp://[fd00::1]:2375')).toBe('fd00::1');
    expect(urlHost('unix:///run/docker.sock')).toBeNull();
    expect(urlHost(undefined)).toBeNull();
  });
});

describe('the Docker dialect of the create args', () => {
  const base = { name: 'p-web-1', project: 'p', session: 's', network: 'p_default', labels: {} };

  it('no --read-only-tmpfs, an entrypoint of one word, no TTL --timeout', () => {
    const spec = container('web', { ephemeral: true, entrypoint: ['/bin/sh', '-c'], command: ['echo hi'] });
    const args = buildCreateArgs({ ...base, spec, extraArgs: ['--timeout', '60'] }, DOCKER_DIALECT);
    expect(args).toContain('--read-only');
    expect(args).not.toContain('--read-only-tmpfs=false');
    expect(args).not.toContain('--timeout');
    expect(args.slice(args.indexOf('--entrypoint'), args.indexOf('--entrypoint') + 2)).toEqual(['--entrypoint', '/bin/sh']);
    expect(args.slice(args.indexOf('--'))).toEqual(['--', 'localhost/tempfs-busybox:test', '-c', 'echo hi']);
    expect(args).toEqual(expect.arrayContaining(['--cap-drop=ALL', '--security-opt', 'no-new-privileges', '--init']));
  });

  it('joins the first of several networks at create, with its aliases', () => {
    const spec = container('web');
    const args = buildCreateArgs({ ...base, spec, networks: [{ name: 'p_front', aliases: ['www'] }, { name: 'p_back', aliases: [] }] }, DOCKER_DIALECT);
    expect(args.join(' ')).toContain('--network p_front --network-alias web --network-alias www');
    expect(args).not.toContain('p_back');
  });

  it('a remote engine mounts the models volume instead of host files', () => {
    const args = buildCreateArgs({ ...base, spec: container('llm'), modelMounts: { qwen: '/cache/q.gguf' } }, DOCKER_DIALECT, { modelVolume: 'tempfs_models' });
    expect(args.join(' ')).toContain('-v tempfs_models:/models:ro');
    expect(args.join(' ')).not.toContain('/cache/q.gguf');
  });
});

describe("Docker's error texts", () => {
  it('the daemon error line, and a port its proxy holds', () => {
    expect(errorText('Unable to find image x locally\ndocker: Error response from daemon: pull access denied.\n\nRun \'docker run --help\' for more information')).toBe('pull access denied.');
    expect(busyPort('docker: Error response from daemon: driver failed programming external connectivity on endpoint p (1): Bind for 127.0.0.1:18555 failed: port is already allocated.')).toBe('127.0.0.1:18555');
  });
});

describe('the monitor argv', () => {
  it('carries the engine and its connection', () => {
    const config: MonitorConfig = {
      session: 's1', project: 'demo', mode: 'detached', ownerPid: 42, graceMs: 0, expiresAt: null, stateDir: '/state',
      podmanChecked: false, pollMs: 500, podmanPath: undefined,
      engine: { kind: 'docker', binary: '/usr/bin/docker', url: 'unix:///run/d.sock' },
    };
    expect(parseMonitorArgv(monitorArgv(config))).toEqual(config);
    const podman = { ...config, engine: { kind: 'podman' as const, binary: 'podman', connection: 'box' } };
    expect(parseMonitorArgv(monitorArgv(podman))).toEqual(podman);
  });
});
