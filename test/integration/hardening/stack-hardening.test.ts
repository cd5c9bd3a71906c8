/**
 * Issue 16 through the built CLI against real Podman: a catastrophic ready.log pattern,
 * and (below) the cases that need a running stack. Each recipe lives in its own folder;
 * every test asserts nothing of its project is left (testProject).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_IMAGES } from '../../helpers/podman.js';
import { errorLines, tempfs, testProject, useStateDir } from '../stack/stack.js';

const stateDir = useStateDir();

export function recipeFolder(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tempfs-hardening-it-'));
  writeFileSync(join(dir, 'tempfs.yaml'), text);
  return dir;
}

/** Runs the CLI with a 256 MB heap cap (the runner's own deadline bounds the time). */
const cli = (argv: string[], cwd: string) =>
  tempfs(argv, { cwd, stateDir: stateDir(), env: { NODE_OPTIONS: '--max-old-space-size=256' } });

describe('readiness with a hostile pattern (item 7)', () => {
  it('(a+)+$ against 40 a and a b times out as asked instead of hanging up', async () => {
    const project = testProject('redos');
    const dir = recipeFolder(`containers:
  a:
    image: ${TEST_IMAGES.busybox}
    command: [sh, -c, "echo ${'a'.repeat(40)}b; sleep 60"]
    stop_grace_period: 1s
    ready: { log: '(a+)+$$', timeout: 3s }
`);
    const up = await cli(['-p', project, 'up', '-d'], dir);
    expect(up.code, up.stderr).toBe(1);
    expect(errorLines(up.stderr)[0]).toMatch(/^error: a: not ready after 3\.\ds: waiting for log \/\(a\+\)\+\$\//);
  });
});
