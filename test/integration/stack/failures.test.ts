/**
 * What goes wrong, through the built CLI: a container that crashes before it is ready,
 * one-shot dependencies (`completed_successfully`) exiting 0 and 3, a host port already
 * in use, an image that is missing; and the verbs on a project with nothing running.
 * Every failure is exit 1 with one `error:` line, and leaves nothing behind.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, fixtureDir, freePort, indexOf, jsonEvents, psJson, tempfs, testProject, useStateDir } from './stack.js';

const stateDir = useStateDir();
const cwd = fixtureDir('failures');
const run = () => ({ cwd, stateDir: stateDir() });

describe('up failures', () => {
  it('a container that exits before it is ready fails at once, naming its exit code', async () => {
    const project = testProject('crash');
    const up = await tempfs(['up', '-d', '-p', project, 'crash'], run());
    expect(up.code, up.stderr).toBe(1);
    // "exited with code 7 ... before it was ready", not a readiness timeout (the default 60s).
    expect(errorLines(up.stderr)).toEqual([expect.stringMatching(/^error: crash: exited with code 7 after \d+\.\ds, before it was ready \(waiting for log/)]);
    expect(up.stderr).toContain('\n  about to fail\n');
  });

  it('a one-shot dependency that exits 0 lets its dependent start', async () => {
    const project = testProject('once-ok');
    const up = await tempfs(['up', '-d', '-p', project, '--progress', 'json', 'app-ok'], run());
    expect(up.code, up.stderr).toBe(0);
    const events = jsonEvents(up.stderr);
    expect(indexOf(events, 'app-ok', 'starting')).toBeGreaterThan(indexOf(events, 'migrate-ok', 'starting'));
    const ps = await psJson(project, run());
    expect(ps['migrate-ok']).toMatchObject({ state: 'exited', exitCode: 0 });
    expect(ps['app-ok']).toMatchObject({ state: 'running', ready: true });
    expect((await tempfs(['down', '-p', project], run())).code).toBe(0);
  });

  it('a one-shot dependency that exits 3 is DEPENDENCY_FAILED naming code 3; its dependent never starts', async () => {
    const project = testProject('once-bad');
    const up = await tempfs(['up', '-d', '-p', project, '--progress', 'json', 'app-bad'], run());
    expect(up.code, up.stderr).toBe(1);
    expect(errorLines(up.stderr)).toEqual(['error: migrate-bad exited with code 3']);
    expect(up.stderr).toContain('\n  migration failed\n');
    const events = jsonEvents(up.stderr.split('\nerror: ')[0]!);
    expect(events.some((e) => e.type === 'container' && e.service === 'app-bad' && e.status === 'starting')).toBe(false);
  });

  it('a host port already in use is one PORT_IN_USE line naming the port', async () => {
    const project = testProject('port');
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const up = await tempfs(['up', '-d', '-p', project, '--progress', 'quiet', 'busy-port'], { ...run(), env: { BUSY_PORT: String(port) } });
      expect(up.code, up.stderr).toBe(1);
      const lines = up.stderr.split('\n').filter(Boolean);
      expect(lines[0]).toBe(`error: cannot start ${project}-busy-port-1: host port 127.0.0.1:${port} is already in use`);
      // One line, then at most a hint: no details dumped.
      expect(lines.slice(1).every((l) => l.startsWith('hint: '))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it('a missing image is IMAGE_MISSING naming the image', async () => {
    const project = testProject('noimg');
    const up = await tempfs(['up', '-d', '-p', project, '--progress', 'quiet', 'no-image'], run());
    expect(up.code, up.stderr).toBe(1);
    expect(errorLines(up.stderr)).toEqual(['error: image localhost/tempfs-no-such-image:never is not present and could not be pulled']);
  });
});

describe('the cleanup monitor', () => {
  it('when it cannot start, up stops and removes what it started', async () => {
    const project = testProject('nomon');
    const state = await mkdtemp(join(tmpdir(), 'tempfs-state-'));
    try {
      // A file where the session records go: the monitor cannot claim the session.
      await writeFile(join(state, 'sessions'), '');
      const up = await tempfs(['up', '-d', '-p', project, 'app-ok'], { cwd, stateDir: state });
      expect(up.code, up.stderr).toBe(1);
      expect(errorLines(up.stderr)).toEqual([expect.stringMatching(/^error: the monitor of session \S+ did not start: /)]);
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });
});

describe('verbs on a project with nothing running', () => {
  it('down exits 0, with the recipe and from labels alone (-p, no recipe)', async () => {
    const project = testProject('empty');
    const down = await tempfs(['down', '-p', project], run());
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toContain(`${project}: nothing to remove`);
    const bare = await mkdtemp(join(tmpdir(), 'tempfs-no-recipe-'));
    try {
      const again = await tempfs(['down', '-p', project], { cwd: bare, stateDir: stateDir() });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain(`${project}: nothing to remove`);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });

  it('exec says the service is not running; ps --json is an empty array', async () => {
    const project = testProject('empty');
    const exec = await tempfs(['exec', '-p', project, 'app-ok', '--', 'true'], run());
    expect(exec.code).toBe(1);
    expect(errorLines(exec.stderr)).toEqual([`error: no running container of service "app-ok" in project ${project}`]);
    const ps = await tempfs(['ps', '--json', '-p', project], run());
    expect(ps).toMatchObject({ code: 0, stdout: '[]\n' });
  });
});
