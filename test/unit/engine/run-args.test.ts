import { describe, expect, it } from 'vitest';
import { buildCreateArgs, modelTarget, portValue } from '../../../src/engine/run-args.js';
import { request } from './spec-fixture.js';

/** The value following each occurrence of `flag`. */
function values(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe('buildCreateArgs', () => {
  it('maps a minimal spec to create with identity, labels, network and no healthcheck', () => {
    expect(buildCreateArgs(request())).toEqual([
      'create', '--pull=missing', '--name', 'demo-web-1', '--init',
      '--label', 'io.tempfs.project=demo',
      '--label', 'io.tempfs.service=web',
      '--label', 'io.tempfs.session=s1',
      '--network', 'demo_default', '--network-alias', 'web',
      '--no-healthcheck', '--stop-timeout', '10',
      '--', 'localhost/tempfs-busybox:test',
    ]);
  });

  it('maps resources exactly', () => {
    const args = buildCreateArgs(request({ resources: { cpus: 1.5, memory: 64 * 2 ** 20, memory_swap: 128 * 2 ** 20, pids: 77 } }));
    expect(values(args, '--cpus')).toEqual(['1.5']);
    expect(values(args, '--memory')).toEqual(['67108864']);
    expect(values(args, '--memory-swap')).toEqual(['134217728']);
    expect(values(args, '--pids-limit')).toEqual(['77']);
  });

  it('passes -1 swap through and omits what the recipe leaves unset', () => {
    const args = buildCreateArgs(request({ resources: { cpus: null, memory: 1000, memory_swap: -1, pids: null } }));
    expect(values(args, '--memory-swap')).toEqual(['-1']);
    expect(args).not.toContain('--cpus');
    expect(args).not.toContain('--pids-limit');
  });

  it('drops --init when init is false and rounds the grace period up to seconds', () => {
    const args = buildCreateArgs(request({ init: false, stop_grace_period: 2500 }));
    expect(args).not.toContain('--init');
    expect(values(args, '--stop-timeout')).toEqual(['3']);
  });

  it('maps ports, env, volumes, binds, tmpfs, user, workdir, entrypoint and command', () => {
    const args = buildCreateArgs(request({
      ports: [
        { host_ip: '127.0.0.1', host: 8080, container: 80, protocol: 'tcp' },
        { host_ip: '', host: 5353, container: 53, protocol: 'udp' },
        { host_ip: '', host: null, container: 9000, protocol: 'tcp' },
      ],
      environment: { A: '1', B: 'two words' },
      volumes: [
        { type: 'volume', source: 'data', target: '/data', read_only: false, options: [] },
        { type: 'bind', source: '/srv/conf', target: '/conf', read_only: true, options: [] },
      ],
      tmpfs: [{ target: '/cache', size: 1048576 }, { target: '/scratch', size: null }],
      user: '1000:1000',
      working_dir: '/work',
      entrypoint: ['/bin/sh', '-c'],
      command: ['echo $A'],
    }));
    expect(values(args, '-p')).toEqual(['127.0.0.1:8080:80/tcp', '5353:53/udp', '9000/tcp']);
    expect(values(args, '-e')).toEqual(['A=1', 'B=two words']);
    expect(values(args, '-v')).toEqual(['demo_data:/data', '/srv/conf:/conf:ro']);
    expect(values(args, '--tmpfs')).toEqual(['/cache:size=1048576', '/scratch']);
    expect(values(args, '--user')).toEqual(['1000:1000']);
    expect(values(args, '--workdir')).toEqual(['/work']);
    expect(values(args, '--entrypoint')).toEqual(['["/bin/sh","-c"]']);
    expect(args.slice(-2)).toEqual(['localhost/tempfs-busybox:test', 'echo $A']);
    expect(args).not.toContain('--read-only');
  });

  it('lets the request override the command and clears an entrypoint given as []', () => {
    const args = buildCreateArgs(request({ command: ['a'], entrypoint: [] }, { command: ['b', 'c'] }));
    expect(values(args, '--entrypoint')).toEqual(['']);
    expect(args.slice(-3)).toEqual(['localhost/tempfs-busybox:test', 'b', 'c']);
  });

  it('mounts models read-only under /models', () => {
    const args = buildCreateArgs(request({}, { modelMounts: { qwen: '/cache/ab12.gguf', 'tiny-q4.gguf': '/cache/cd34' } }));
    expect(values(args, '-v')).toEqual(['/cache/ab12.gguf:/models/qwen.gguf:ro', '/cache/cd34:/models/tiny-q4.gguf:ro']);
  });

  it('keeps the ownership labels over recipe labels that try to set them', () => {
    const args = buildCreateArgs(request({ labels: { team: 'x', 'io.tempfs.project': 'spoof' } }, { labels: { 'io.tempfs.config-hash': 'h1' } }));
    expect(values(args, '--label')).toEqual([
      'team=x', 'io.tempfs.project=demo', 'io.tempfs.config-hash=h1', 'io.tempfs.service=web', 'io.tempfs.session=s1',
    ]);
  });

  it('adds --rm, -i and -t for one-off interactive runs', () => {
    const args = buildCreateArgs(request({}, { autoRemove: true, interactive: true, tty: true }));
    expect(args.slice(4, 7)).toEqual(['--rm', '--interactive', '--tty']);
  });

  it('creates and starts in one call with start', () => {
    expect(buildCreateArgs(request({}, { start: true })).slice(0, 5)).toEqual(['run', '--detach', '--pull=missing', '--name', 'demo-web-1']);
  });

  it('places extra flags before the image', () => {
    const args = buildCreateArgs(request({ command: ['sleep', '1'] }, { extraArgs: ['--timeout', '30'] }));
    expect(args.slice(-6)).toEqual(['--timeout', '30', '--', 'localhost/tempfs-busybox:test', 'sleep', '1']);
  });

  it('locks down an ephemeral container', () => {
    const args = buildCreateArgs(request({
      ephemeral: true,
      cap_add: ['CHOWN', 'SETUID'],
      tmpfs: [{ target: '/tmp', size: 1024 }, { target: '/work', size: null }],
    }));
    expect(args).toContain('--rm');
    expect(args).toContain('--read-only');
    expect(args).toContain('--read-only-tmpfs=false');
    expect(args).toContain('--cap-drop=ALL');
    expect(values(args, '--cap-add')).toEqual(['CHOWN', 'SETUID']);
    expect(values(args, '--security-opt')).toEqual(['no-new-privileges']);
    expect(values(args, '--pids-limit')).toEqual(['1024']);
    expect(values(args, '--tmpfs')).toEqual([
      '/tmp:rw,exec,nosuid,nodev,size=1024,mode=1777',
      '/var/tmp:rw,exec,nosuid,nodev,size=268435456,mode=1777',
      '/run:rw,exec,nosuid,nodev,size=67108864,mode=755',
      '/root:rw,exec,nosuid,nodev,size=268435456,mode=700',
      '/work:rw,exec,nosuid,nodev,size=268435456',
    ]);
  });

  it('keeps a recipe pids limit for an ephemeral container', () => {
    const args = buildCreateArgs(request({ ephemeral: true, resources: { cpus: null, memory: null, memory_swap: null, pids: 50 } }));
    expect(values(args, '--pids-limit')).toEqual(['50']);
  });
});

describe('portValue and modelTarget', () => {
  it('brackets IPv6 host addresses', () => {
    expect(portValue({ host_ip: '::1', host: 80, container: 8080, protocol: 'tcp' })).toBe('[::1]:80:8080/tcp');
    expect(portValue({ host_ip: '127.0.0.1', host: null, container: 80, protocol: 'tcp' })).toBe('127.0.0.1::80/tcp');
  });
  it('adds .gguf to a bare model name only', () => {
    expect(modelTarget('qwen')).toBe('/models/qwen.gguf');
    expect(modelTarget('qwen.bin')).toBe('/models/qwen.bin');
  });
});
