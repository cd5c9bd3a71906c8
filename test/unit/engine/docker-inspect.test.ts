/** `docker container inspect` JSON captured from Docker 20.10 (test/fixtures/docker/) read into ContainerInfo, as Podman's is. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInspect } from '../../../src/engine/parse-ps.js';

const entries = JSON.parse(readFileSync(new URL('../../fixtures/docker/inspect.json', import.meta.url), 'utf8')) as Record<string, unknown>[];

describe('parseInspect on Docker', () => {
  it('a running container: the name without its slash, labels, published ports', () => {
    const web = parseInspect(entries[0]!);
    expect(web).toMatchObject({
      name: 'fixture-web',
      image: 'localhost/tempfs-busybox:test',
      state: 'running',
      exitCode: null,
      labels: { 'io.tempfs.project': 'fix', 'io.tempfs.service': 'web' },
      ports: [{ host_ip: '127.0.0.1', host: 18990, container: 8080, protocol: 'tcp' }],
    });
    expect(web.startedAt).toMatch(/^20\d\d-/);
    expect(web.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an exited one: its exit code', () => {
    expect(parseInspect(entries[1]!)).toMatchObject({ name: 'fixture-done', state: 'exited', exitCode: 3, ports: [] });
  });
});
