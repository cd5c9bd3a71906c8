// Round trip of a trivial command in a named terminal (a live shell on a PTY), on the
// host and in a container, against what each call would cost without one: `bash -c true`
// on the host and `podman exec <ctr> true` into the container. Median of N (default 100),
// all in the same run, twice: through the per-project terminal host (a client on its Unix
// socket, as `tempfs mcp` uses it) and with an in-process ProcessManager (as before the
// host). Then the memory of 20 open terminals (host and container) in the terminal host:
// the host process's own RSS, and with the shells and `podman exec` clients it keeps.
//   npm run build && node bench/terminal-roundtrip.mjs [runs] [image]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endTerminalHost, HostClient, ProcessManager } from '../dist/process/index.js';
import { timeEach as timeWith } from './timing.mjs';

const runs = Number(process.argv[2] ?? 100);
const image = process.argv[3] ?? 'localhost/tempfs-debian:test';
const container = `tempfs-bench-term-${process.pid}`;

const timeEach = (label, fn) => timeWith(label, fn, { runs, width: 52, p90: true });

/** RSS in KiB of a pid and all its descendants on the host. */
function treeRssKiB(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  let total = 0;
  const walk = (pid) => {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {}
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return total;
}

/** RSS in KiB of one pid. */
const ownRssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** The pid of the terminal host serving `socket`. */
function hostPid(socket) {
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (argv.includes('terminal-host-main') && argv.includes(socket)) return Number(entry);
    } catch {}
  }
  throw new Error(`no terminal host serves ${socket}`);
}

const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
const check = (r) => {
  if (!r.success) throw new Error(`command failed: ${JSON.stringify(r)}`);
};

execFileSync('podman', ['run', '-d', '--init', '--name', container, image, 'sleep', 'infinity'], { stdio: 'ignore' });
const scratch = mkdtempSync(join(tmpdir(), 'tempfs-bench-host-'));
const socket = join(scratch, 'terminals', 'bench.sock');
const viaHost = new HostClient({ socketPath: socket });
const inProcess = new ProcessManager();
try {
  console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  const box = { kind: 'container', name: container };
  for (const m of [viaHost, inProcess]) {
    await m.create({ name: 'host' });
    await m.create({ name: 'box', target: box });
  }
  const run = (m, terminalId) => async () => check(await m.run({ terminalId, command: 'true' }));

  const hostTerm = await timeEach("host: terminal run('true') via the host", run(viaHost, 'host'));
  const hostLocal = await timeEach("host: terminal run('true') in-process", run(inProcess, 'host'));
  const bash = await timeEach('host: spawn bash -c true', () => void spawnSync('bash', ['-c', 'true']));
  const boxTerm = await timeEach("container: terminal run('true') via the host", run(viaHost, 'box'));
  const boxLocal = await timeEach("container: terminal run('true') in-process", run(inProcess, 'box'));
  const exec = await timeEach('container: podman exec <ctr> true', () => void spawnSync('podman', ['exec', container, 'true']));
  console.log(`host:      terminal ${hostTerm.toFixed(2)} ms via the host (${hostLocal.toFixed(2)} ms in-process) vs bash -c ${bash.toFixed(2)} ms (${(bash / hostTerm).toFixed(1)}x faster)`);
  console.log(`container: terminal ${boxTerm.toFixed(2)} ms via the host (${boxLocal.toFixed(2)} ms in-process) vs podman exec ${exec.toFixed(2)} ms (${(exec / boxTerm).toFixed(1)}x faster)`);
  await inProcess.dispose();

  for (const [kind, target] of [['host', { kind: 'host' }], ['container', box]]) {
    const own = join(scratch, 'terminals', `mem-${kind}.sock`);
    const client = new HostClient({ socketPath: own });
    await client.list();
    const pid = hostPid(own);
    const [selfBefore, treeBefore] = [ownRssKiB(pid), treeRssKiB(pid)];
    for (let i = 0; i < 20; i++) await client.create({ name: `t${i}`, target });
    for (let i = 0; i < 20; i++) check(await client.run({ terminalId: `t${i}`, command: 'echo warm' }));
    const [self, tree] = [ownRssKiB(pid), treeRssKiB(pid)];
    console.log(
      `20 ${kind} terminals: terminal host process RSS ${mib(self)} (idle ${mib(selfBefore)}); ` +
        `with its shells and clients ${mib(tree)} (+${mib(tree - treeBefore)})`,
    );
    await client.dispose();
    await endTerminalHost(own);
  }
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
  await inProcess.dispose();
  await viaHost.dispose();
  await endTerminalHost(socket);
  rmSync(scratch, { recursive: true, force: true });
  execFileSync('podman', ['rm', '-f', '-t', '0', container], { stdio: 'ignore' });
}
