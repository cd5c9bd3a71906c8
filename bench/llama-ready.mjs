#!/usr/bin/env node
// From the command to "serving": `tempfs -f recipes/llama-server.yaml up -d` (which returns
// once /health answers 200) against the floor, a raw `podman run -d` of the same image with
// the same command and model file, followed by a GET /health every 10 ms until 200. The
// model is served from a local HTTP server and cached by a warm-up round, so no download
// is timed. Rounds alternate between the two; medians, the load average printed. A second
// floor makes the container's network first (`network create`, then the run on it), as
// Compose's rules and tempfs do: its ratio is printed beside the first's.
//   npm run build && node bench/llama-ready.mjs [rounds=7] [--image IMAGE] [--model FILE.gguf]
// BENCH_CLI_B=<another dist/bundle/tempfs.js>: that build too, in the same rounds (A/B).
// --podman-service: also tempfs with a `podman system service` on a socket of the bench's own
// (the row "via podman service": its network create goes to the API, engine-api.ts); the other
// tempfs rows use no socket (TEMPFS_PODMAN_SOCKET=none), whatever the machine has.
// Default image: the look-alike localhost/tempfs-fake-llama:server (scripts/test-images.sh),
// which answers 503 while it "loads" (FAKE_LLAMA_LOAD_MS, 1.5 s). With a real llama.cpp
// image pass --model with a GGUF it can load. Also reported: how often tempfs's first
// /health probe met a 503 (the loading window), read from `--progress plain`.
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, startPodmanService } from './timing.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const rounds = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 7);
const IMAGE = option('--image') ?? 'localhost/tempfs-fake-llama:server';
const cli = process.env.BENCH_CLI ?? fileURLToPath(new URL('../dist/bundle/tempfs.js', import.meta.url));
// BENCH_CLI_B: a second build measured in the same alternating rounds (an A/B of a change).
const cliB = process.env.BENCH_CLI_B;
// BENCH_RECIPE: the recipe of another checkout, for a BENCH_CLI that predates this one's fields.
const recipe = process.env.BENCH_RECIPE ?? fileURLToPath(new URL('../recipes/llama-server.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tempfs-bench-llama-'));
const PROJECT = 'bench-llama';
const RAW = 'bench-llama-floor';

let modelFile = option('--model');
if (!modelFile) {
  // The look-alike checks the GGUF magic only.
  modelFile = join(dir, 'model.gguf');
  writeFileSync(modelFile, Buffer.concat([Buffer.from('GGUF'), randomBytes(1 << 20)]));
}
const sha256 = createHash('sha256');
for await (const chunk of createReadStream(modelFile)) sha256.update(chunk);

const modelServer = createServer((req, res) => {
  res.writeHead(200, { 'content-length': statSync(modelFile).size, 'content-type': 'application/octet-stream' });
  createReadStream(modelFile).pipe(res);
}).listen(0, '127.0.0.1');
await new Promise((r) => modelServer.once('listening', r));

async function freePort() {
  const s = createNetServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}
const port = await freePort();

const env = {
  ...process.env,
  LLAMA_SERVER_IMAGE: IMAGE,
  LLAMA_MODEL_URL: `http://127.0.0.1:${modelServer.address().port}/model.gguf`,
  LLAMA_MODEL_SHA256: sha256.digest('hex'),
  LLAMA_PORT: String(port),
  TEMPFS_MODELS_DIR: join(dir, 'models'),
  TEMPFS_STATE_DIR: join(dir, 'state'),
  TEMPFS_PODMAN_SOCKET: 'none',
};
const serviceSocket = args.includes('--podman-service') ? join(dir, 'podman.sock') : null;

/** Runs to completion; resolves to { ms, stdout, stderr }; throws on a non-zero exit. */
function run(command, argv, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(command, argv, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve({ ms: performance.now() - began, stdout, stderr })
        : reject(new Error(`${command} ${argv.join(' ')}: exit ${code}\n${stderr}`)),
    );
  });
}

const tempfs = (...argv) => run(process.execPath, [cli, '-f', recipe, ...argv]);
const tempfsB = (...argv) => run(process.execPath, [cliB, '-f', recipe, ...argv]);
const tempfsSvc = (...argv) => run(process.execPath, [cli, '-f', recipe, ...argv], { TEMPFS_PODMAN_SOCKET: serviceSocket });

async function health() {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

// The raw side runs exactly what tempfs runs: the resolved recipe's image, command,
// environment (llama.cpp reads its settings from LLAMA_ARG_*) and port.
const config = JSON.parse((await tempfs('config', '--format', 'json')).stdout);
const service = config.containers['llama-server'];
const command = service.command ?? [];
const environment = Object.entries(service.environment ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
// tempfs mounts each model of the container at /models/<file>.
const modelTarget = `/models/${config.models[service.models[0]].file}`;

const RAW_NETWORK = 'bench-llama-floor-net';
/** The raw run; `network`: on a network of its own made first, as Compose's rules (and tempfs) have it. */
async function floorRound(network = false) {
  const began = performance.now();
  if (network) await run('podman', ['network', 'create', '--opt', 'isolate=true', RAW_NETWORK]);
  await run('podman', [
    'run', '-d', '--name', RAW, '-p', `127.0.0.1:${port}:8080`, ...(network ? ['--network', RAW_NETWORK, '--network-alias', 'llama-server'] : []),
    '-v', `${modelFile}:${modelTarget}:ro`, ...environment, '--', IMAGE, ...command,
  ]);
  while ((await health()) !== 200) await new Promise((r) => setTimeout(r, 10));
  const ms = performance.now() - began;
  await run('podman', ['rm', '-f', '-t', '0', RAW]);
  if (network) await run('podman', ['network', 'rm', RAW_NETWORK]);
  return ms;
}

async function tempfsRound(tool = tempfs) {
  const up = await tool('up', '-d', '-p', PROJECT, '--progress', 'plain');
  if ((await health()) !== 200) throw new Error(`tempfs up -d returned before /health was 200:\n${up.stderr}`);
  // The http probe's first state line: `(last status 503)` when it met the loading window.
  const first = /waiting for http \S+ \(([^)]*)\)/.exec(up.stderr)?.[1] ?? 'passed at once';
  await tool('down', '-p', PROJECT, '--progress', 'quiet');
  return { ms: up.ms, met503: first === 'last status 503', first };
}

const loadText = (l) => l.map((x) => x.toFixed(2)).join(' ');
const podmanService = serviceSocket ? await startPodmanService(serviceSocket) : null;
try {
  const loadBefore = loadavg();
  await run('podman', ['rm', '-f', '-t', '0', '--ignore', RAW]);
  await run('podman', ['network', 'rm', '--force', RAW_NETWORK]).catch(() => {});
  await tempfs('down', '-p', PROJECT, '--progress', 'quiet');
  // Warm-up: fetches the model into the cache, and warms the image and node's caches.
  await tempfsRound();
  if (cliB) await tempfsRound(tempfsB);
  if (podmanService) await tempfsRound(tempfsSvc);
  await floorRound();
  const times = { floor: [], floorNet: [], tempfs: [], tempfsB: [], tempfsSvc: [] };
  const firsts = [];
  const sides = ['floor', 'floorNet', 'tempfs', ...(cliB ? ['tempfsB'] : []), ...(podmanService ? ['tempfsSvc'] : [])];
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no side always runs first.
    const order = sides.map((_, i) => sides[(i + round) % sides.length]);
    for (const side of order) {
      if (side === 'floor') times.floor.push(await floorRound());
      else if (side === 'floorNet') times.floorNet.push(await floorRound(true));
      else if (side === 'tempfsB') times.tempfsB.push((await tempfsRound(tempfsB)).ms);
      else if (side === 'tempfsSvc') times.tempfsSvc.push((await tempfsRound(tempfsSvc)).ms);
      else {
        const r = await tempfsRound();
        times.tempfs.push(r.ms);
        firsts.push(r.first);
      }
    }
  }
  const floor = median(times.floor);
  const ours = median(times.tempfs);
  const row = (label, value) => `${label.padEnd(46)} ${value.toFixed(0).padStart(6)} ms   ${(value / floor).toFixed(2)}x floor`;
  console.log(`${IMAGE}, median of ${rounds} rounds; load average ${loadText(loadBefore)} before, ${loadText(loadavg())} after`);
  const floorNet = median(times.floorNet);
  const withNet = (value) => `   ${(value / floorNet).toFixed(2)}x with network`;
  console.log(row('podman run -d + GET /health every 10 ms', floor));
  console.log(row('the same on a network made first', floorNet) + withNet(floorNet));
  console.log(row('tempfs up -d (returns when /health is 200)', ours) + withNet(ours));
  if (cliB) console.log(row('tempfs B up -d (BENCH_CLI_B)', median(times.tempfsB)) + withNet(median(times.tempfsB)));
  if (podmanService) console.log(row('tempfs up -d via podman service', median(times.tempfsSvc)) + withNet(median(times.tempfsSvc)));
  const met = firsts.filter((f) => f === 'last status 503').length;
  console.log(`tempfs's first /health probe met a 503 in ${met} of ${firsts.length} rounds (first states: ${[...new Set(firsts)].join(', ')})`);
  console.log(`target: up -d <= 1.3x floor ${ours <= 1.3 * floor ? 'met' : 'MISSED'}`);
} finally {
  await run('podman', ['rm', '-f', '-t', '0', '--ignore', RAW]).catch(() => {});
  await run('podman', ['network', 'rm', '--force', RAW_NETWORK]).catch(() => {});
  await tempfs('down', '-p', PROJECT, '--progress', 'quiet').catch(() => {});
  modelServer.close();
  podmanService?.stop();
  rmSync(dir, { recursive: true, force: true });
}
