import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInspect, parsePs, parseState } from '../../../src/engine/parse-ps.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/podman/${name}`, import.meta.url), 'utf8');

describe('parsePs on real `podman ps -a --format json`', () => {
  const [web, job, idle] = parsePs(fixture('ps.json'));

  it('reads a running container with its labels and published ports', () => {
    expect(web).toMatchObject({
      name: 'fixture-web-1',
      image: 'localhost/tempfs-busybox:test',
      state: 'running',
      exitCode: null,
      labels: { 'io.tempfs.project': 'fixture', 'io.tempfs.service': 'web', 'io.tempfs.session': 's1' },
      ports: [
        { host_ip: '127.0.0.1', host: 18932, container: 8080, protocol: 'tcp' },
        { host_ip: '', host: 18933, container: 53, protocol: 'udp' },
      ],
    });
    expect(web!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(web!.startedAt).toBe(new Date(1795219999 * 1000).toISOString());
  });

  it('reads the exit code of an exited container', () => {
    expect(job).toMatchObject({ name: 'fixture-job-1', state: 'exited', exitCode: 3, ports: [] });
  });

  it('reports a never-started container as created with no start time', () => {
    expect(idle).toMatchObject({ name: 'fixture-idle-1', state: 'created', startedAt: null, exitCode: null });
  });

  it('reads empty output as no containers', () => {
    expect(parsePs('')).toEqual([]);
    expect(parsePs('[]\n')).toEqual([]);
  });

  it('expands a port range', () => {
    const text = JSON.stringify([{ Id: 'x', Names: ['n'], State: 'running', StartedAt: 1, Ports: [{ host_ip: '', host_port: 9000, container_port: 80, range: 2, protocol: 'tcp' }] }]);
    expect(parsePs(text)[0]!.ports.map((p) => `${p.host}:${p.container}`)).toEqual(['9000:80', '9001:81']);
  });
});

describe('parseInspect on real `podman inspect`', () => {
  it('reads a running container', () => {
    const info = parseInspect(JSON.parse(fixture('inspect-running.json'))[0]);
    expect(info).toMatchObject({
      name: 'fixture-web-1',
      image: 'localhost/tempfs-busybox:test',
      state: 'running',
      exitCode: null,
      startedAt: '2026-11-21T00:13:19.821887064Z',
      labels: { 'io.tempfs.service': 'web' },
    });
    expect(info.ports).toEqual(expect.arrayContaining([
      { host_ip: '127.0.0.1', host: 18932, container: 8080, protocol: 'tcp' },
      { host_ip: '', host: 18933, container: 53, protocol: 'udp' },
    ]));
    expect(info.ports).toHaveLength(2);
  });

  it('reads an exited container and its code', () => {
    const info = parseInspect(JSON.parse(fixture('inspect-exited.json'))[0]);
    expect(info).toMatchObject({ name: 'fixture-job-1', state: 'exited', exitCode: 3, ports: [] });
  });

  it('maps Podman state names', () => {
    expect(parseState('Configured')).toBe('created');
    expect(parseState('stopped')).toBe('exited');
    expect(parseState('weird')).toBe('unknown');
  });
});
