/**
 * Drives test/fixtures/monitor/harness.mjs (a stand-in for the CLI) and reads back what
 * Podman still holds of a session. Shared by the monitor's integration tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { testEngine } from '../../helpers/engine.js';
import { Labels } from '../../../src/engine/engine.js';
import { isProcessAlive } from '../../../src/monitor/proc.js';
import { monitorLogPath } from '../../../src/monitor/state-dir.js';

export const IMAGE = 'localhost/tempfs-busybox:test';
export const engine = testEngine();
const HARNESS = fileURLToPath(new URL('../../fixtures/monitor/harness.mjs', import.meta.url));

export function ensureBusyboxImage(): void {
  const script =
    `podman image exists ${IMAGE} && exit 0; set -e; d=$(mktemp -d); mkdir -p "$d/bin"; cp /bin/busybox "$d/bin/";` +
    ` ln -s busybox "$d/bin/sh"; tar -C "$d" -c . | podman import - ${IMAGE} >/dev/null; rm -rf "$d"`;
  execFileSync('sh', ['-c', script], { stdio: 'inherit' });
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export interface Harness {
  child: ChildProcess;
  session: string;
  project: string;
  monitorPid: number;
  childPid: number | null;
  /** Resolves when the harness printed `marker`. */
  reached(marker: 'READY' | 'RUNNING'): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startHarness(stateDir: string, extra: string[] = [], id = uniqueId('mon')): Promise<Harness> {
  const session = `s-${id}`;
  const project = id;
  const child = spawn(
    process.execPath,
    [HARNESS, '--session', session, '--project', project, '--state-dir', stateDir, ...extra],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const seen = new Set<string>();
  const waiters: Array<() => void> = [];
  let monitorPid = 0;
  let childPid: number | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [word, value] = line.split(' ');
    if (word === 'MONITOR') monitorPid = Number(value);
    else if (word === 'CHILD') childPid = Number(value);
    else seen.add(word!);
    waiters.splice(0).forEach((wake) => wake());
  });
  const reached = async (marker: string) => {
    while (!seen.has(marker)) {
      const ended = await Promise.race([exited.then(() => true), new Promise<false>((r) => waiters.push(() => r(false)))]);
      if (ended && !seen.has(marker)) throw new Error(`harness ${project} exited before ${marker}`);
    }
  };
  const harness: Harness = { child, session, project, monitorPid: 0, childPid: null, reached, exited };
  await reached('READY');
  harness.monitorPid = monitorPid;
  harness.childPid = childPid;
  return harness;
}

export interface Leftovers {
  containers: string[];
  networks: string[];
  volumes: string[];
}

export async function leftovers(session: string): Promise<Leftovers> {
  const [containers, networks, volumes] = await Promise.all([
    engine.listContainers({ session }),
    engine.listNetworks({ session }),
    engine.listVolumes({ session }),
  ]);
  return { containers: containers.map((c) => c.name), networks, volumes };
}

const empty = (l: Leftovers) => l.containers.length + l.networks.length + l.volumes.length === 0;

/**
 * How long a test waits for a cleanup or a monitor's exit before it calls it a failure.
 * Generous on purpose: what is asserted is that it happens, not how fast (the timings are
 * printed, and bench/ measures speed); on a shared 2-core machine under load a monitor's
 * podman calls can take many seconds.
 */
export const CLEANUP_LIMIT_MS = 60_000;

/** Test and hook timeouts of a file whose tests wait up to CLEANUP_LIMIT_MS for a cleanup. */
export function useCleanupTimeouts(): void {
  vi.setConfig({ testTimeout: 2 * CLEANUP_LIMIT_MS, hookTimeout: 3 * CLEANUP_LIMIT_MS });
}

/**
 * Waits until the session has no object left and its monitor has exited; resolves to
 * when each happened (ms after `since`; null: not within `limitMs`) and what is left at
 * the end. /proc is read often (cheap); Podman is asked every 200 ms, so that the polling
 * does not slow down the cleanup it watches.
 */
export async function waitForCleanup(session: string, monitorPid: number, since: number, limitMs = CLEANUP_LIMIT_MS) {
  let goneAt: number | null = null;
  let exitedAt: number | null = null;
  let lastAsked = 0;
  while (Date.now() - since < limitMs && (goneAt === null || exitedAt === null)) {
    if (exitedAt === null && !(await isProcessAlive(monitorPid))) exitedAt = Date.now() - since;
    if (goneAt === null && (exitedAt !== null || Date.now() - lastAsked >= 200)) {
      lastAsked = Date.now();
      if (empty(await leftovers(session))) goneAt = Date.now() - since;
    }
    await sleep(25);
  }
  // Look once more at the end: nothing may come back once the monitor is gone.
  return { goneMs: goneAt, monitorExitMs: exitedAt, left: await leftovers(session) };
}

/** Waits until the process has exited; false after `limitMs`. */
export async function waitForExit(pid: number, limitMs = CLEANUP_LIMIT_MS): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (await isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

/** The end of a session's monitor log, for a failure message: what the monitor was doing. */
export async function monitorLogTail(stateDir: string, session: string, lines = 15): Promise<string> {
  const text = await readFile(monitorLogPath(stateDir, session), 'utf8').catch((e: Error) => `(no log: ${e.message})`);
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Removes whatever a test left of a session (containers first) and returns what it found. */
export async function sweep(session: string): Promise<Leftovers> {
  const left = await leftovers(session);
  await engine.removeContainers(left.containers, 0);
  for (const volume of left.volumes) await engine.removeVolume(volume);
  for (const network of left.networks) await engine.removeNetwork(network);
  return left;
}

export const ephemeralLabel = Labels.ephemeral;

/**
 * The shared frame of the kill tests: a state folder per file, the sessions the tests
 * started, and after all of them a sweep that fails the file if any session left something
 * (it prints the kill-to-clean timings it collected as well).
 */
export interface KillSuite {
  stateDir: string;
  sessions: string[];
  timings: Record<string, number[]>;
}

export function useKillSuite(prefix: string): KillSuite {
  const suite: KillSuite = { stateDir: '', sessions: [], timings: {} };
  useCleanupTimeouts();
  beforeAll(async () => {
    ensureBusyboxImage();
    suite.stateDir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    const left = [];
    for (const session of suite.sessions) {
      const found = await sweep(session);
      if (found.containers.length + found.networks.length + found.volumes.length > 0) left.push({ session, ...found });
    }
    await rm(suite.stateDir, { recursive: true, force: true });
    for (const [name, ms] of Object.entries(suite.timings)) {
      const sorted = [...ms].sort((a, b) => a - b);
      console.log(`${name}: kill -> nothing left, ms: median ${sorted[sorted.length >> 1]}, max ${sorted.at(-1)} (n=${ms.length})`);
    }
    expect(left).toEqual([]);
  });
  return suite;
}
