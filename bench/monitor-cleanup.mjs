#!/usr/bin/env node
/**
 * Cleanup latency after the CLI dies (issue 4, acceptance 5): the time from SIGKILL of the
 * CLI (test/fixtures/monitor/harness.mjs: a monitor in foreground mode, a network and two
 * running busybox containers) to the last container's `remove` event, median of N runs;
 * beside, in the same run and alternating, a bare `podman rm -f -t 0` of the same two
 * containers timed from its start to the same event. Removal times come from
 * `podman events` (nanosecond stamps), so the measuring does not load the machine.
 *
 *   npm run build && node bench/monitor-cleanup.mjs [--runs 10] [--grace 0] [--cli]
 *
 * `--cli` kills the real foreground `tempfs up` of test/fixtures/monitor/two-services
 * (grace 1 s from the recipe) instead of the harness.
 *
 * Target: the last container gone within 1 s of the kill. Also printed: when the
 * monitor process had exited (it waits ~1 s more for stray `podman create`s).
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { removals } from './timing.mjs';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, grace: { type: 'string', default: '0' }, cli: { type: 'boolean', default: false } },
});
const RUNS = Number(values.runs);
const IMAGE = 'localhost/tempfs-busybox:test';
const HARNESS = new URL('../test/fixtures/monitor/harness.mjs', import.meta.url).pathname;
const CLI = new URL('../dist/bundle/tempfs.js', import.meta.url).pathname;
const RECIPE_DIR = new URL('../test/fixtures/monitor/two-services/', import.meta.url).pathname;
if (!existsSync(new URL('../dist/monitor/main.js', import.meta.url))) {
  console.error('dist/monitor/main.js is missing: run `npm run build` first');
  process.exit(2);
}
execFileSync('podman', ['image', 'exists', IMAGE]); // scripts/test-images.sh builds it

const stateDir = await mkdtemp(join(tmpdir(), 'tempfs-bench-monitor-'));

function alive(pid) {
  try {
    const stat = execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' });
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

/** The harness (a monitor, a network, two containers), running; its session and monitor pid. */
async function startHarness(id) {
  const session = `s-${id}`;
  const child = spawn(process.execPath, [HARNESS, '--session', session, '--project', id, '--state-dir', stateDir, '--grace', values.grace], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let monitorPid = 0;
  await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('MONITOR ')) monitorPid = Number(line.slice(8));
      if (line === 'RUNNING') resolve();
    });
    child.once('exit', () => reject(new Error('harness exited early')));
  });
  return { child, session, monitorPid };
}

/** `--cli`: the real foreground `tempfs up` of the two-service fixture recipe, once ready. */
async function startCli(id) {
  const child = spawn(process.execPath, [CLI, 'up', '-p', id, '--no-shell'], {
    cwd: RECIPE_DIR,
    env: { ...process.env, TEMPFS_STATE_DIR: stateDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      if (/^app ready/m.test(stderr)) resolve();
    });
    child.once('exit', () => reject(new Error(`tempfs up exited early: ${stderr}`)));
  });
  const dir = join(stateDir, 'sessions');
  for (const name of await readdir(dir)) {
    const record = JSON.parse(await readFile(join(dir, name), 'utf8'));
    if (record.project === id) return { child, session: record.session, monitorPid: record.monitorPid };
  }
  throw new Error(`no session record for ${id}`);
}

async function monitorRun() {
  const id = `bench-${randomBytes(4).toString('hex')}`;
  const { child, session, monitorPid } = values.cli ? await startCli(id) : await startHarness(id);
  await sleep(300); // let the machine settle after the start
  const since = Date.now() - 1000;
  const watch = removals(`io.tempfs.session=${session}`, 2, since);
  await sleep(200); // `podman events` subscribed (and replays from --since anyway)
  const killedAt = Date.now();
  child.kill('SIGKILL');
  const last = await watch.done;
  while (alive(monitorPid)) await sleep(5);
  const exitedAt = Date.now();
  return { goneMs: last - killedAt, monitorExitMs: exitedAt - killedAt };
}

async function bareRun() {
  const id = `bare-${randomBytes(4).toString('hex')}`;
  const session = `s-${id}`;
  const network = `${id}_default`;
  execFileSync('podman', ['network', 'create', network], { stdio: 'ignore' });
  const names = ['web', 'db'].map((s) => `${id}-${s}-1`);
  for (const name of names) {
    execFileSync('podman', ['run', '-d', '--init', '--name', name, '--network', network, '--label', `io.tempfs.session=${session}`, IMAGE, 'sleep', '1000'], { stdio: 'ignore' });
  }
  await sleep(300);
  const watch = removals(`io.tempfs.session=${session}`, 2, Date.now() - 1000);
  await sleep(200);
  const startedAt = Date.now();
  execFileSync('podman', ['rm', '-f', '-t', '0', ...names], { stdio: 'ignore' });
  const returnedAt = Date.now();
  const last = await watch.done;
  execFileSync('podman', ['network', 'rm', network], { stdio: 'ignore' });
  return { goneMs: last - startedAt, commandMs: returnedAt - startedAt };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => `${Math.round(x)} ms`;

const monitor = [];
const bare = [];
try {
  for (let i = 0; i < RUNS; i++) {
    monitor.push(await monitorRun());
    bare.push(await bareRun());
    const m = monitor.at(-1);
    const b = bare.at(-1);
    console.log(`run ${i + 1}: monitor: last container gone ${fmt(m.goneMs)} after SIGKILL (monitor exited ${fmt(m.monitorExitMs)}); bare rm -f -t 0: ${fmt(b.goneMs)}`);
  }
} finally {
  await rm(stateDir, { recursive: true, force: true });
}
console.log(`load average: ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim()}`);
console.log(`monitor, SIGKILL -> last container gone: median ${fmt(median(monitor.map((r) => r.goneMs)))}, max ${fmt(Math.max(...monitor.map((r) => r.goneMs)))} (n=${RUNS}, ${values.cli ? 'real tempfs up, grace 1 s' : `harness, grace ${values.grace} ms`})`);
console.log(`monitor, SIGKILL -> monitor exited:      median ${fmt(median(monitor.map((r) => r.monitorExitMs)))}`);
console.log(`bare podman rm -f -t 0 -> last gone:     median ${fmt(median(bare.map((r) => r.goneMs)))}, max ${fmt(Math.max(...bare.map((r) => r.goneMs)))}`);
console.log(`target: within 1000 ms of the kill: ${median(monitor.map((r) => r.goneMs)) <= 1000 ? 'met' : 'NOT met'}`);
