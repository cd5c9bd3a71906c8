/**
 * Shared by the stack verb tests: the built CLI run in a fixture folder with a state
 * directory of its own, unique projects that are checked for leftovers when each test
 * ends, free loopback ports, and readers for `--progress json` and `ps --json`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, onTestFinished } from 'vitest';
import { testEngine } from '../../helpers/engine.js';
import type { TempfsEvent } from '../../../src/events.js';
import { findProcessesWithArg } from '../../../src/monitor/proc.js';
import { runBuilt, type CliResult } from '../../helpers/cli.js';
import { leftovers, removeProject, requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';

export const engine = testEngine();

export function fixtureDir(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/stack/${name}/`, import.meta.url));
}

export const RECIPES_DIR = fileURLToPath(new URL('../../../recipes/', import.meta.url));

/**
 * Per test file: a fresh TEMPFS_STATE_DIR (monitor records) and the images the tests
 * need. Returns a getter because the directory exists only once beforeAll has run.
 */
export function useStateDir(images: string[] = [TEST_IMAGES.busybox]): () => string {
  let dir = '';
  beforeAll(async () => {
    await requireImages(images, engine);
    dir = await mkdtemp(join(tmpdir(), 'tempfs-stack-it-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/**
 * A unique project for the current test. When the test finishes, whatever Podman still
 * holds with its label is removed and the test fails if there was anything; so does a
 * monitor of the project still running a moment later (a released one exits on its own).
 */
export function testProject(prefix: string): string {
  const project = uniqueProject(prefix);
  onTestFinished(async () => {
    const left = await leftovers(project, engine);
    if (left.containers.length + left.volumes.length + left.networks.length > 0) await removeProject(project, engine);
    const monitors = await monitorsStillRunning(project);
    for (const { pid } of monitors) process.kill(pid, 'SIGKILL');
    expect(left, `objects of ${project} left behind`).toEqual({ containers: [], volumes: [], networks: [] });
    expect(monitors.map((m) => m.argv), `monitors of ${project} still running`).toEqual([]);
  });
  return project;
}

/** Processes started with the argument `<project>` (its monitors), after up to 5 s. */
async function monitorsStillRunning(project: string): Promise<{ pid: number; argv: string }[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const pids = await findProcessesWithArg(project);
    if (pids.length === 0 || Date.now() > deadline) {
      return Promise.all(pids.map((pid) => describeProcess(pid)));
    }
    await sleep(100);
  }
}

export interface TempfsRun {
  /** Folder holding tempfs.yaml. */
  cwd: string;
  stateDir: string;
  env?: Record<string, string>;
}

/** `node dist/cli/main.js <argv>` in the fixture folder, with this file's state directory. */
export function tempfs(argv: string[], run: TempfsRun): Promise<CliResult> {
  return runBuilt(argv, { cwd: run.cwd, env: { ...process.env, TEMPFS_STATE_DIR: run.stateDir, ...run.env } });
}

/** A TCP port nothing listens on right now (the kernel's pick, released at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type TimedEvent = TempfsEvent & { time: string };

/** Every line of `--progress json` output; fails on a line that is not one JSON object. */
export function jsonEvents(stderr: string): TimedEvent[] {
  return stderr
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed: unknown = JSON.parse(line);
      expect(parsed, line).toMatchObject({ type: expect.any(String), time: expect.any(String) });
      return parsed as TimedEvent;
    });
}

/** Index of the first event where `service` reached `status`; fails when it never did. */
export function indexOf(events: readonly TimedEvent[], service: string, status: string): number {
  const index = events.findIndex((e) => e.type === 'container' && e.service === service && e.status === status);
  expect(index, `${service} ${status} in the events`).toBeGreaterThanOrEqual(0);
  return index;
}

export interface PsEntry {
  service: string;
  name: string;
  state: string;
  ready: boolean;
  exitCode: number | null;
  ports: string[];
}

/** `tempfs ps --json`, parsed and keyed by service. */
export async function psJson(project: string, run: TempfsRun): Promise<Record<string, PsEntry>> {
  const result = await tempfs(['ps', '--json', '-p', project], run);
  expect(result.code, result.stderr).toBe(0);
  const rows = JSON.parse(result.stdout) as PsEntry[];
  return Object.fromEntries(rows.map((row) => [row.service, row]));
}

/** The `error: ...` lines of a failed run. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('error: '));
}

/** A process's command line and, for a monitor, the end of its log: what it was doing. */
async function describeProcess(pid: number): Promise<{ pid: number; argv: string }> {
  const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  const arg = (name: string) => argv[argv.indexOf(name) + 1];
  const log = argv.includes('--session')
    ? await readFile(join(arg('--state-dir') ?? '', 'logs', `${arg('--session')}.log`), 'utf8').catch(() => '(no log)')
    : '';
  return { pid, argv: `${argv.join(' ')}\n${log.split('\n').slice(-8).join('\n')}` };
}
