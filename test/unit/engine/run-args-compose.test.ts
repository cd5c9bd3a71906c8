/** The compose fields of a ContainerSpec as `podman run` flags. */
import { describe, expect, it } from 'vitest';
import { buildCreateArgs, volumeValue } from '../../../src/engine/run-args.js';
import { request } from './spec-fixture.js';

function values(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe('compose fields', () => {
  it('restart, stop signal, shm size, ulimits, extra hosts, cap_drop, read-only', () => {
    const args = buildCreateArgs(
      request({
        restart: 'on-failure:3',
        stop_signal: 'SIGQUIT',
        shm_size: 2 * 1024 ** 3,
        ulimits: { nofile: { soft: 1024, hard: 2048 }, memlock: { soft: -1, hard: -1 } },
        extra_hosts: ['db.local:10.0.0.2'],
        cap_drop: ['ALL'],
        cap_add: ['NET_BIND_SERVICE'],
        read_only: true,
      }),
    );
    expect(values(args, '--restart')).toEqual(['on-failure:3']);
    expect(values(args, '--stop-signal')).toEqual(['SIGQUIT']);
    expect(values(args, '--shm-size')).toEqual(['2147483648']);
    expect(values(args, '--ulimit')).toEqual(['nofile=1024:2048', 'memlock=-1:-1']);
    expect(values(args, '--add-host')).toEqual(['db.local:10.0.0.2']);
    expect(values(args, '--cap-drop')).toEqual(['ALL']);
    expect(values(args, '--cap-add')).toEqual(['NET_BIND_SERVICE']);
    expect(args).toContain('--read-only');
  });

  it('no --restart on a container that removes itself (podman refuses --rm with it)', () => {
    expect(buildCreateArgs(request({ restart: 'always', ephemeral: true }))).not.toContain('--restart');
  });

  it('project networks with aliases replace the default network', () => {
    const args = buildCreateArgs({ ...request(), networks: [{ name: 'demo_front', aliases: ['api'] }, { name: 'demo_back', aliases: [] }] });
    expect(values(args, '--network')).toEqual(['demo_front:alias=web,alias=api', 'demo_back:alias=web']);
    expect(args).not.toContain('--network-alias');
  });

  it('secrets and configs are read-only binds', () => {
    const args = buildCreateArgs(
      request({
        secrets: [{ name: 'token', source: '/srv/token.txt', target: '/run/secrets/token' }],
        configs: [{ name: 'conf', source: '/srv/app.conf', target: '/etc/app.conf' }],
      }),
    );
    expect(values(args, '-v')).toEqual(['/srv/token.txt:/run/secrets/token:ro', '/srv/app.conf:/etc/app.conf:ro']);
  });

  it.each([
    [{ type: 'volume', source: '', target: '/cache', read_only: false, options: [] }, '/cache'],
    [{ type: 'volume', source: 'data', target: '/data', read_only: false, options: ['nocopy'] }, 'demo_data:/data:nocopy'],
    [{ type: 'bind', source: '/srv/conf', target: '/conf', read_only: true, options: ['Z'] }, '/srv/conf:/conf:ro,Z'],
    [{ type: 'bind', source: '/srv/x', target: '/x', read_only: false, options: ['z', 'rslave'] }, '/srv/x:/x:z,rslave'],
  ] as const)('volume %j -> %s', (volume, expected) => {
    expect(volumeValue({ ...volume, options: [...volume.options] }, 'demo')).toBe(expected);
  });
});

describe('config hash and the compose fields', () => {
  it('is unchanged for a recipe that does not use them, and changes when one is set', async () => {
    const { configHash } = await import('../../../src/engine/config-hash.js');
    const { container } = await import('../../helpers/project.js');
    const plain = container('web');
    const without = Object.fromEntries(
      Object.entries(plain).filter(([k]) => !['container_name', 'restart', 'cap_drop', 'shm_size', 'ulimits', 'extra_hosts', 'networks', 'read_only', 'stop_signal', 'secrets', 'configs'].includes(k)),
    ) as typeof plain;
    expect(configHash(plain)).toBe(configHash(without));
    expect(configHash(container('web', { restart: 'always' }))).not.toBe(configHash(plain));
    expect(configHash(container('web', { networks: { back: { aliases: [] } } }))).not.toBe(configHash(plain));
  });
});
