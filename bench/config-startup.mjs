#!/usr/bin/env node
// Wall time of `tempfs config` on a 50-container recipe against a bare `node -e 0`,
// both measured in this run, interleaved so machine load hits both alike.
// The bundled CLI (what `tempfs` runs) is measured beside the unbundled tsc output, to show
// what the bundle buys, and `tempfs --version` (the CLI's own start-up, no recipe) shows the
// floor under `config`. The load average is printed: on a busy machine every row swells.
// Usage: npm run build && node bench/config-startup.mjs [rounds]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.argv[2] ?? 30);
const cli = fileURLToPath(new URL('../dist/bundle/tempfs.js', import.meta.url));
const unbundled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tempfs-bench-config-'));
const recipe = join(dir, 'tempfs.yaml');

const lines = ['name: bench', 'containers:'];
for (let i = 0; i < 50; i++) {
  lines.push(
    `  svc${i}:`,
    `    image: \${IMAGE:-localhost/tempfs-busybox:test}`,
    `    command: [sh, -c, "echo ready; sleep infinity"]`,
    `    environment: { INDEX: "${i}", MODE: "\${MODE:-test}" }`,
    `    ports: ["${20000 + i}:80"]`,
    `    resources: { cpus: 0.5, memory: 64m, memory_swap: 128m, pids: 64 }`,
    `    ready: { log: 'ready', timeout: 30s }`,
    ...(i > 0 ? [`    depends_on: { svc${i - 1}: { condition: ready } }`] : []),
  );
}
writeFileSync(recipe, `${lines.join('\n')}\n`);

function time(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = [];
const config = [];
const plain = [];
const version = [];
time(['-e', '0']);
time([cli, 'config', '-f', recipe]);
for (let i = 0; i < rounds; i++) {
  bare.push(time(['-e', '0']));
  version.push(time([cli, '--version']));
  config.push(time([cli, 'config', '-f', recipe, '--format', 'json']));
  plain.push(time([unbundled, 'config', '-f', recipe, '--format', 'json']));
}
const b = median(bare);
const c = median(config);
const u = median(plain);
const v = median(version);
const load = loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`rounds: ${rounds} (interleaved), load average before ${loadBefore}, after ${load}`);
console.log(`node -e 0                                  median ${b.toFixed(1)} ms`);
console.log(`tempfs --version (the CLI's floor)         median ${v.toFixed(1)} ms  ratio ${(v / b).toFixed(2)}x`);
console.log(`tempfs config, 50 containers (bundle)      median ${c.toFixed(1)} ms  ratio ${(c / b).toFixed(2)}x (target <= 2x)`);
console.log(`same, unbundled tsc output (reference)     median ${u.toFixed(1)} ms  ratio ${(u / b).toFixed(2)}x`);
