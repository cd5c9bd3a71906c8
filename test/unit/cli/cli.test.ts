import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { runCli } from '../../../src/cli/run.js';
import { runInProcess } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

function recipeDir(text: string, name = 'tempfs.yaml'): string {
  const dir = tempDir('tempfs-cli-');
  writeFileSync(join(dir, name), text);
  return dir;
}

const good = `name: demo
containers:
  db:
    image: localhost/tempfs-busybox:test
    ready: { log: 'ready', timeout: 5s }
  web:
    image: localhost/tempfs-busybox:test
    depends_on: { db: { condition: ready } }
    resources: { memory: 64m }
`;

describe('tempfs CLI', () => {
  it('validate prints ok with the container count', async () => {
    const r = await runInProcess(['validate'], { cwd: recipeDir(good) });
    expect(r).toMatchObject({ code: 0, stdout: 'ok: 2 containers\n', stderr: '' });
  });

  it('a verb that takes no input never touches stdin (Node makes its stream on first touch)', async () => {
    let touched = 0;
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += d));
    const code = await runCli(['config', '--services'], {
      get stdin() {
        touched++;
        return stdin;
      },
      stdout,
      stderr,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      cwd: recipeDir(good),
      signal: new AbortController().signal,
    });
    expect({ code, out, touched }).toEqual({ code: 0, out: 'db\nweb\n', touched: 0 });
  });

  it('config --format json prints bytes and milliseconds', async () => {
    const r = await runInProcess(['config', '--format', 'json'], { cwd: recipeDir(good) });
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout);
    expect(model.containers.web.resources.memory).toBe(64 * 1024 * 1024);
    expect(model.containers.db.ready.timeout).toBe(5000);
    expect(model.containers.web.depends_on).toEqual({ db: { condition: 'ready' } });
  });

  it('config --services lists names; -q prints nothing', async () => {
    const dir = recipeDir(good);
    expect((await runInProcess(['config', '--services'], { cwd: dir })).stdout).toBe('db\nweb\n');
    expect(await runInProcess(['config', '-q'], { cwd: dir })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('plan prints the steps in order', async () => {
    const r = await runInProcess(['plan', 'web'], { cwd: recipeDir(good) });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(2, 4)).toEqual([
      '   1. db   start at once; ready when log /ready/ (within 5s)',
      '   2. web  start after db (ready); ready when started',
    ]);
  });

  it('an invalid recipe exits 2 with one line naming file, line and column, and no stack', async () => {
    const dir = recipeDir('containers:\n  web:\n    image: x\n    ports: ["80800"]\n');
    const r = await runInProcess(['validate'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: tempfs\.yaml:4:\d+: containers\.web\.ports\[0\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing recipe exits 2 and says how to fix it', async () => {
    const dir = tempDir('tempfs-cli-empty-');
    const r = await runInProcess(['validate'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*tempfs\.yaml/);
  });

  it('an unknown command exits 2 with a hint', async () => {
    const r = await runInProcess(['frobnicate'], { cwd: tmpdir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: unknown command "frobnicate"\nhint: see \'tempfs --help\' for the list of commands\n');
  });

  it('finds the command named whatever else argv holds (cac is shown only the commands argv names)', async () => {
    const dir = recipeDir(good);
    // A project called like another verb, before and after the verb.
    expect(await runInProcess(['-p', 'up', 'config', '--services'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'db\nweb\n' });
    expect(await runInProcess(['config', '--services', '-p', 'down'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'db\nweb\n' });
  });

  it('a bad --format is a usage error', async () => {
    const r = await runInProcess(['config', '--format', 'toml'], { cwd: recipeDir(good) });
    expect(r).toMatchObject({ code: 2, stderr: 'error: --format must be yaml or json, not "toml"\n' });
  });

  it('-p overrides the project name', async () => {
    const r = await runInProcess(['config', '--format', 'json', '-p', 'other_name'], { cwd: recipeDir(good) });
    expect(JSON.parse(r.stdout).name).toBe('other_name');
  });
});
