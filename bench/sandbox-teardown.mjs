#!/usr/bin/env node
/**
 * Teardown after a SIGKILL of `tempfs mcp` (issue 11, acceptance 2: every host process and
 * every sandbox it started gone within 2 s). Each round starts a server through the official
 * MCP client with `--allow-host`, gives it two sandboxes (one `default`, one `internal`), a
 * host background process and a host terminal, then SIGKILLs it and times, from the kill:
 * - the last sandbox's `remove` event (`podman events`, nanosecond stamps: the measuring
 *   does not load the machine);
 * - the host background process and the terminal's shell gone (/proc, every 10 ms);
 * - the sandboxes' monitors exited (/proc), and the project's networks gone (listed after the
 *   containers went, so at the resolution of one `podman network ls`);
 * - the project's terminal host exited (it may stay a few seconds for a next client).
 * Medians over the rounds, the load average before and after.
 *
 *   npm run build && node bench/sandbox-teardown.mjs [--rounds 7] [--image IMG] [--wait MS] [--cli OTHER/dist/bundle/tempfs.js]
 *
 * `--wait` (default 3000): how long the server runs after its last call before the kill.
 */
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { median, removals } from './timing.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    image: { type: 'string', default: 'localhost/tempfs-busybox:test' },
    // How long the server runs after its last call before the kill.
    wait: { type: 'string', default: '3000' },
    // Builds to compare (A/B), rounds alternating: each one's dist/bundle/tempfs.js.
    cli: { type: 'string', multiple: true, default: [fileURLToPath(new URL('../dist/bundle/tempfs.js', import.meta.url))] },
  },
});
const rounds = Number(values.rounds);
const { image } = values;
const waitMs = Number(values.wait);
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();
execFileSync('podman', ['image', 'exists', image]); // scripts/test-images.sh builds it

function alive(pid) {
  try {
    return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Pids whose command line contains every needle. */
function pidsWith(...needles) {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (needles.every((n) => cmdline.includes(n))) found.push(Number(name));
  }
  return found;
}

/** Milliseconds from `since` until every pid is gone (polled every 10 ms). */
async function goneAfter(pids, since, limitMs = 30_000) {
  while (pids.some(alive)) {
    if (Date.now() - since > limitMs) return NaN;
    await sleep(10);
  }
  return Date.now() - since;
}

/** Milliseconds from `since` until the project has no network (listed every 50 ms). */
async function networksGone(project, since) {
  for (let tries = 0; tries < 300; tries++) {
    const left = await new Promise((resolve, reject) =>
      execFile('podman', ['network', 'ls', '-q', '--filter', `label=io.tempfs.project=${project}`], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
    );
    if (left === '') return Date.now() - since;
    await sleep(50);
  }
  return NaN;
}

async function round(cli, i) {
  const scratch = mkdtempSync(join(tmpdir(), 'tempfs-bench-teardown-'));
  const state = join(scratch, 'state');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp', '--workspace', scratch, '--allow-host'],
    env: { ...process.env, TEMPFS_STATE_DIR: state },
    cwd: scratch,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'tempfs-bench', version: '1.0.0' });
  await client.connect(transport);
  const call = async (name, args) => {
    const result = await client.callTool({ name, arguments: args });
    const text = result.content[0].text;
    if (result.isError) throw new Error(`${name}: ${text}`);
    return JSON.parse(text);
  };
  try {
    const a = await call('container_start', { image });
    await call('container_start', { image, network: 'internal' });
    const project = a.containerId.replace(/-box\d+-1$/, '');
    const bg = await call('terminal_background', { command: `sleep ${4600 + i}`, target: 'host' });
    const term = await call('terminal_create', { name: 'bench', target: 'host' });
    const monitors = pidsWith('monitor/main.js', '--project', project);
    const terminalHost = pidsWith('terminal-host-main', state);
    if (monitors.length < 2 || terminalHost.length !== 1) throw new Error(`expected a monitor per sandbox and 1 terminal host, found ${monitors.length} and ${terminalHost.length}`);
    const watch = removals(`io.tempfs.project=${project}`, 2, Date.now() - 1000);
    await sleep(waitMs); // also lets `podman events` subscribe (it replays from --since anyway)
    const killedAt = Date.now();
    process.kill(transport.pid, 'SIGKILL');
    // With a logging wrapper as TEMPFS_PODMAN (see the README's benchmarks), the kill's time beside its calls.
    if (process.env.PODMAN_LOG) appendFileSync(process.env.PODMAN_LOG, `${killedAt} KILL ${project}\n`);
    const containersAt = watch.done;
    const [hostMs, containersMs, monitorsMs, terminalHostMs, networksMs] = await Promise.all([
      goneAfter([bg.pid, term.pid], killedAt),
      containersAt.then((at) => at - killedAt),
      goneAfter(monitors, killedAt),
      goneAfter(terminalHost, killedAt),
      containersAt.then(() => networksGone(project, killedAt)),
    ]);
    return { hostMs, containersMs, monitorsMs, networksMs, terminalHostMs };
  } finally {
    await client.close().catch(() => {});
    if (!process.env.BENCH_KEEP) rmSync(scratch, { recursive: true, force: true });
  }
}

console.log(`image ${image}, ${rounds} rounds per build, kill ${waitMs} ms after the last call; load average before: ${loadavg()}`);
const results = new Map(values.cli.map((cli) => [cli, []]));
const f = (x) => `${Math.round(x)} ms`;
for (let i = 0; i < rounds; i++) {
  for (const cli of values.cli) {
    const r = await round(cli, i);
    results.get(cli).push(r);
    console.log(`round ${i + 1}${values.cli.length > 1 ? ` (${cli})` : ''}: sandboxes gone ${f(r.containersMs)}, host processes ${f(r.hostMs)}, monitors exited ${f(r.monitorsMs)}, networks ${f(r.networksMs)}, terminal host ${f(r.terminalHostMs)}`);
  }
}
for (const [cli, rows] of results) {
  console.log(cli);
  const row = (label, key) => {
    const xs = rows.map((r) => r[key]);
    console.log(`  ${label.padEnd(46)} median ${f(median(xs))} (min ${f(Math.min(...xs))}, max ${f(Math.max(...xs))})`);
  };
  row('SIGKILL -> last sandbox removed (event)', 'containersMs');
  row('SIGKILL -> host process + host terminal gone', 'hostMs');
  row('SIGKILL -> monitors exited', 'monitorsMs');
  row('SIGKILL -> project networks gone (listed)', 'networksMs');
  row('SIGKILL -> terminal host exited', 'terminalHostMs');
}
console.log(`target: sandboxes and host processes gone within 2000 ms; load average after: ${loadavg()}`);
