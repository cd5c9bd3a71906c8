/** What tempfs does not run: one located line per key, exit 2, never a silent skip. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runInProcess } from '../../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tempfs-unsupported-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const service = (lines: string) => `services:\n  web:\n    image: busybox\n${lines}`;

test.each([
  ['build', service('    build: .\n'), '4:5', 'services.web.build', 'build the image first (podman build -t NAME .) and name it with image:'],
  ['build (long form)', service('    build:\n      context: ./app\n      dockerfile: Dockerfile.dev\n'), '4:5', 'services.web.build', 'build the image first'],
  ['extends', service('    extends:\n      file: common.yaml\n      service: base\n'), '4:5', 'services.web.extends', 'copy the shared keys into this service'],
  ['include', `include:\n  - other/compose.yaml\n${service('')}`, '1:1', 'include', 'pass the files with -f'],
  ['develop', service('    develop:\n      watch:\n        - action: sync\n          path: ./src\n          target: /src\n'), '4:5', 'services.web.develop', 'compose watch'],
  ['deploy.replicas', service('    deploy:\n      replicas: 3\n'), '5:7', 'services.web.deploy.replicas', 'of deploy it reads only resources.limits'],
  ['deploy.mode', service('    deploy:\n      mode: global\n'), '5:7', 'services.web.deploy.mode', 'tempfs is not a swarm'],
  ['deploy.placement', service('    deploy:\n      placement:\n        constraints: [node.role == manager]\n'), '5:7', 'services.web.deploy.placement', 'tempfs is not a swarm'],
  ['deploy.update_config', service('    deploy:\n      update_config:\n        parallelism: 2\n'), '5:7', 'services.web.deploy.update_config', 'tempfs is not a swarm'],
  ['deploy.restart_policy', service('    deploy:\n      restart_policy:\n        condition: on-failure\n'), '5:7', 'services.web.deploy.restart_policy', 'tempfs is not a swarm'],
  ['deploy.resources.reservations', service('    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n'), '6:9', 'services.web.deploy.resources.reservations', 'resources.limits'],
  ['network_mode', service('    network_mode: host\n'), '4:5', 'services.web.network_mode', 'remove network_mode'],
  ['links', service('    links: [db]\n'), '4:5', 'services.web.links', 'by service name'],
  ['external_links', service('    external_links: [other_db]\n'), '4:5', 'services.web.external_links', 'outside the project'],
  ['volumes_from', service('    volumes_from: [data]\n'), '4:5', 'services.web.volumes_from', 'same named volume'],
  ['scale', service('    scale: 2\n'), '4:5', 'services.web.scale', 'one container per service'],
  ['external secret', `${service('    secrets: [token]\n')}secrets:\n  token:\n    external: true\n`, '7:5', 'secrets.token.external', 'give file: ./path'],
  ['secret from the environment', `${service('    secrets: [token]\n')}secrets:\n  token:\n    environment: TOKEN\n`, '7:5', 'secrets.token.environment', 'give file: ./path'],
])('%s', async (_key, text, at, path, todo) => {
  const folder = mkdtempSync(join(dir, 'case-'));
  writeFileSync(join(folder, 'compose.yaml'), text);
  const r = await runInProcess(['config'], { cwd: folder });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^error: compose\\.yaml:${at}: ${path.replace(/\./g, '\\.')}: not supported by tempfs: `));
  expect(lines[0]).toContain(todo);
});
