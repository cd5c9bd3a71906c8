// Round trip of a trivial command in a named terminal (a live shell on a PTY), on the
// host and in a container, against what each call would cost without one: `bash -c true`
// on the host and `podman exec <ctr> true` into the container. Median of N (default 100),
// all in the same run. Then the memory of 20 open terminals (host and container): the RSS
// of this process and of the processes the terminals keep (shells, `podman exec` clients).
//   npm run build && node bench/terminal-roundtrip.mjs [runs] [image]
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { ProcessManager } from '../dist/process/index.js';
import { timeEach as timeWith } from './timing.mjs';

const runs = Number(process.argv[2] ?? 100);
const image = process.argv[3] ?? 'localhost/tempfs-debian:test';
const container = `tempfs-bench-term-${process.pid}`;

const timeEach = (label, fn) => timeWith(label, fn, { runs, width: 46, p90: true });

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

const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
const check = (r) => {
  if (!r.success) throw new Error(`command failed: ${JSON.stringify(r)}`);
};

execFileSync('podman', ['run', '-d', '--init', '--name', container, image, 'sleep', 'infinity'], { stdio: 'ignore' });
const manager = new ProcessManager();
try {
  console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  await manager.create({ name: 'host' });
  await manager.create({ name: 'box', target: { kind: 'container', name: container } });

  const hostTerm = await timeEach("host: terminal run('true')", async () => check(await manager.run({ terminalId: 'host', command: 'true' })));
  const bash = await timeEach("host: spawn bash -c true", () => void spawnSync('bash', ['-c', 'true']));
  const boxTerm = await timeEach("container: terminal run('true')", async () => check(await manager.run({ terminalId: 'box', command: 'true' })));
  const exec = await timeEach(`container: podman exec <ctr> true`, () => void spawnSync('podman', ['exec', container, 'true']));
  console.log(`host:      terminal ${hostTerm.toFixed(2)} ms vs bash -c ${bash.toFixed(2)} ms (${(bash / hostTerm).toFixed(1)}x faster)`);
  console.log(`container: terminal ${boxTerm.toFixed(2)} ms vs podman exec ${exec.toFixed(2)} ms (${(exec / boxTerm).toFixed(1)}x faster)`);

  for (const [kind, target] of [['host', { kind: 'host' }], ['container', { kind: 'container', name: container }]]) {
    const own = new ProcessManager();
    const before = treeRssKiB(process.pid);
    const selfBefore = process.memoryUsage().rss;
    for (let i = 0; i < 20; i++) await own.create({ name: `t${i}`, target });
    for (let i = 0; i < 20; i++) check(await own.run({ terminalId: `t${i}`, command: 'echo warm' }));
    const after = treeRssKiB(process.pid);
    const self = (process.memoryUsage().rss - selfBefore) / 1024;
    console.log(`20 ${kind} terminals: +${mib(after - before)} for this process and its children (of which this Node process +${mib(self)})`);
    await own.dispose();
  }
  console.log(`load average after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
  await manager.dispose();
  execFileSync('podman', ['rm', '-f', '-t', '0', container], { stdio: 'ignore' });
}
