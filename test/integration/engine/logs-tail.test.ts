/**
 * `tempfs logs -n N` shows whole lines on Podman 4.3, whose `podman logs --tail` counts the
 * k8s-file log's partial-line records (containers/podman #19545): a container that writes
 * each line in two pieces, as llama.cpp does, gets its last N lines back whole.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerName } from '../../../src/engine/naming.js';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { runBuilt } from '../../helpers/cli.js';
import { TEST_IMAGES, assertNothingLeft, removeProject, requireImages, uniqueProject } from '../../helpers/podman.js';

const engine = new PodmanEngine();
const project = uniqueProject('logtail');
const dir = mkdtempSync(join(tmpdir(), 'tempfs-logtail-'));
const tempfs = (...argv: string[]) => runBuilt(['-p', project, ...argv], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });

beforeAll(async () => {
  await requireImages([TEST_IMAGES.busybox], engine);
  // Each line in two writes with a pause between, so the log driver records the first half as partial.
  // `$$` is a literal `$` in a recipe (Compose's interpolation).
  const script = 'for i in 1 2 3 4 5 6; do printf "line-$$i-first"; sleep 0.3; printf -- "-second\\n"; done';
  writeFileSync(join(dir, 'tempfs.yaml'), `containers:\n  talker:\n    image: ${TEST_IMAGES.busybox}\n    command: [sh, -c, ${JSON.stringify(script)}]\n`);
});

afterAll(async () => {
  await removeProject(project, engine);
  await assertNothingLeft(project, engine);
});

describe('tempfs logs -n', () => {
  it('returns the last N whole lines of a container that writes partial lines', async () => {
    expect((await tempfs('up', '-d', '--no-wait')).code).toBe(0);
    expect(await engine.waitContainer(containerName(project, 'talker'))).toBe(0);
    const tail = await tempfs('logs', '-n', '3');
    expect(tail.code).toBe(0);
    expect(tail.stdout).toBe('line-4-first-second\nline-5-first-second\nline-6-first-second\n');
    const all = await tempfs('logs');
    expect(all.stdout.trim().split('\n')).toHaveLength(6);
    expect((await tempfs('logs', '-n', '0')).stdout).toBe('');
    expect((await tempfs('down')).code).toBe(0);
  });
});
