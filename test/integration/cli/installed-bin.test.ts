/**
 * The installed `tempfs` bin, as users run it: `npm pack` + `npm install -g --prefix` into
 * a temporary folder, then every global flag before and after the verb. Guards against
 * Node itself taking flags from the bin's command line (Node 20 reads `--env-file` there).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'tempfs-bin-'));
const project = join(root, 'project');
let bin = '';

beforeAll(async () => {
  // `npm test` has built dist/ already; the tarball is what `npm publish` would ship.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], { cwd: repo });
  const tarball = join(root, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  await run('npm', ['install', '-g', '--prefix', join(root, 'prefix'), '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball], { cwd: root });
  bin = join(root, 'prefix', 'bin', 'tempfs');
  await run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'base.yaml'), 'name: from-file\ncontainers:\n  web:\n    image: ${IMAGE:-busybox}\n  extra:\n    image: busybox\n    profiles: [debug]\n');
  writeFileSync(join(project, 'prod.env'), 'IMAGE=from-env-file\n');
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function tempfs(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, args, { cwd: project, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const error = e as { code: number; stdout: string; stderr: string };
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

const config = async (args: string[]) => {
  const r = await tempfs(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { name: string; containers: Record<string, { image: string }> };
};

describe('the installed bin', () => {
  test.each([
    ['before', ['--env-file', 'prod.env', '-f', 'base.yaml', 'config', '--format', 'json']],
    ['after', ['config', '--format', 'json', '--env-file', 'prod.env', '-f', 'base.yaml']],
    ['inline =', ['--env-file=prod.env', '--file=base.yaml', 'config', '--format', 'json']],
  ])('--env-file and -f %s the verb', async (_where, args) => {
    expect((await config(args)).containers.web!.image).toBe('from-env-file');
  });

  test.each([
    ['before', ['-p', 'named', '--profile', 'debug', '--progress', 'plain', '-f', 'base.yaml', 'config', '--format', 'json']],
    ['after', ['config', '--format', 'json', '-f', 'base.yaml', '-p', 'named', '--profile', 'debug', '--progress', 'plain']],
    ['long forms', ['--project-name', 'named', '--file', 'base.yaml', '--profile=debug', 'config', '--format', 'json']],
  ])('-p, --profile and --progress %s the verb', async (_where, args) => {
    const model = await config(args);
    expect([model.name, Object.keys(model.containers).sort()]).toEqual(['named', ['extra', 'web']]);
  });

  test('a missing --env-file is tempfs\'s own error (exit 2), not Node\'s', async () => {
    const r = await tempfs(['--env-file', 'nope.env', '-f', 'base.yaml', 'config']);
    expect([r.code, r.stderr.trim()]).toEqual([2, 'error: env file nope.env: not found']);
  });

  test('-f FILE before `logs` is the recipe, and `logs -f` still means follow', async () => {
    // Nothing of this project runs: `logs` prints nothing and succeeds, with the file found.
    expect(await tempfs(['-f', 'base.yaml', 'logs'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const wrong = await tempfs(['-f', 'missing.yaml', 'logs']);
    expect([wrong.code, wrong.stderr.trim()]).toEqual([2, 'error: recipe missing.yaml not found']);
  });

  test('config prints YAML by default (the yaml package is loaded only for it)', async () => {
    const r = await tempfs(['-f', 'base.yaml', 'config']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^name: from-file\n/);
    expect(r.stdout).toMatch(/^ {4}image: busybox$/m);
  });
});
