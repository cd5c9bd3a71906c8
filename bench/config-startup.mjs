#!/usr/bin/env node
// Wall time of `tempfs config` on a 50-container recipe against a bare `node -e 0`,
// both measured in this run, interleaved so machine load hits both alike.
// The bundled CLI (what `tempfs` runs) is measured beside the unbundled tsc output, to show
// what the bundle buys. Usage: npm run build && node bench/config-startup.mjs [rounds]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = [];
const config = [];
const plain = [];
time(['-e', '0']);
time([cli, 'config', '-f', recipe]);
for (let i = 0; i < rounds; i++) {
  bare.push(time(['-e', '0']));
  config.push(time([cli, 'config', '-f', recipe, '--format', 'json']));
  plain.push(time([unbundled, 'config', '-f', recipe, '--format', 'json']));
}
const b = median(bare);
const c = median(config);
const u = median(plain);
console.log(`rounds: ${rounds} (interleaved)`);
console.log(`node -e 0                                  median ${b.toFixed(1)} ms`);
console.log(`tempfs config, 50 containers (bundle)      median ${c.toFixed(1)} ms  ratio ${(c / b).toFixed(2)}x (target <= 2x)`);
console.log(`same, unbundled tsc output (reference)     median ${u.toFixed(1)} ms  ratio ${(u / b).toFixed(2)}x`);
