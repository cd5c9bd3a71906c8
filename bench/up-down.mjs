#!/usr/bin/env node
// `tempfs up -d` / `tempfs down` of four independent busybox containers (each with a log
// probe on a line printed at once) against the floor (four `podman run -d` in parallel;
// one `podman rm -f -t 0` of the four) and against podman-compose on the equivalent
// compose file. When a Docker daemon answers, the same on Docker in the same run: four
// `docker run -d` / one `docker rm -f` as its floor, `tempfs --engine docker`, and Debian's
// docker-compose. Rounds are interleaved so machine load hits every tool alike; medians.
// A second floor follows Compose's rules, as tempfs and the compose tools do: the project's
// network created, the four run on it under their service names, and removed after them
// (`network create` + four `run --network`; `rm` + `network rm`). It is the engine's own
// work for a stack whose services reach each other by name; the targets stay against the first.
//   npm run build && node bench/up-down.mjs [rounds=5] [--trace]
// BENCH_CLI_B=<another dist/bundle/tempfs.js>: that build too, in the same alternating rounds
// (an A/B of a change: rows "tempfs B"), on each engine.
// --trace: one more tempfs up/down through a TEMPFS_PODMAN wrapper that logs every podman
// call (start, end, exit code), printed as a timeline: where tempfs spends its time.
// --podman-service: also tempfs with a `podman system service` on a socket of the bench's own
// (rows "via podman service"): its removals and networks go to the API (engine-api.ts). The
// other tempfs rows are told to use no socket (TEMPFS_PODMAN_SOCKET=none), whatever the machine has.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, startPodmanService } from './timing.mjs';

const args = process.argv.slice(2);
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const trace = args.includes('--trace');
const podmanService = args.includes('--podman-service');
const IMAGE = process.env.BENCH_IMAGE ?? 'localhost/tempfs-busybox:test';
const SERVICES = ['s1', 's2', 's3', 's4'];
const COMMAND = 'echo ready; exec sleep 1000';
// BENCH_CLI: another build of the CLI to compare (for instance a patched copy of dist/).
const cli = process.env.BENCH_CLI ?? fileURLToPath(new URL('../dist/bundle/tempfs.js', import.meta.url));
const cliB = process.env.BENCH_CLI_B;
const dir = mkdtempSync(join(tmpdir(), 'tempfs-bench-up-down-'));
const stateDir = join(dir, 'state');

writeFileSync(
  join(dir, 'tempfs.yaml'),
  [
    'name: bench',
    'containers:',
    ...SERVICES.flatMap((s) => [
      `  ${s}:`,
      `    image: ${IMAGE}`,
      `    command: [sh, -c, '${COMMAND}']`,
      `    ready: { log: '^ready$$' }`,
      '    stop_grace_period: 0s',
    ]),
  ].join('\n') + '\n',
);
writeFileSync(
  join(dir, 'docker-compose.yml'),
  ['services:', ...SERVICES.flatMap((s) => [`  ${s}:`, `    image: ${IMAGE}`, `    command: [sh, -c, '${COMMAND}']`])].join('\n') + '\n',
);

writeFileSync(join(dir, 'docker-compose.v2.yml'), `version: '2.4'\n${readFileSync(join(dir, 'docker-compose.yml'), 'utf8')}`);
const docker = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).status === 0;
const hasDockerCompose = !process.env.BENCH_NO_COMPOSE && docker && spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

/** Runs a command to completion; resolves to its wall time in ms; throws on a non-zero exit. */
function timed(command, argv, env = {}) {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(command, argv, { cwd: dir, env: { ...process.env, TEMPFS_STATE_DIR: stateDir, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - began) : reject(new Error(`${command} ${argv.join(' ')}: exit ${code}\n${stderr}`))));
  });
}

const floorNames = SERVICES.map((s) => `bench-floor-${s}`);
const netFloorNames = SERVICES.map((s) => `bench-netfloor-${s}`);
/** Compose's rules on the raw engine: the network first, the four on it by service name; removed after them. */
const networkFloor = (binary, names, network, createArgs, rmArgs) => ({
  up: async () => {
    const began = performance.now();
    await timed(binary, ['network', 'create', ...createArgs, network]);
    await timeParallel(names.map((name, i) => [binary, ['run', '-d', '--name', name, '--network', network, '--network-alias', SERVICES[i], IMAGE, 'sh', '-c', COMMAND]]));
    return performance.now() - began;
  },
  down: async () => {
    const began = performance.now();
    await timed(binary, ['rm', '-f', ...rmArgs, ...names]);
    await timed(binary, ['network', 'rm', network]);
    return performance.now() - began;
  },
});
const tools = {
  floor: {
    up: () => timeParallel(floorNames.map((name) => ['podman', ['run', '-d', '--name', name, IMAGE, 'sh', '-c', COMMAND]])),
    down: () => timed('podman', ['rm', '-f', '-t', '0', ...floorNames]),
  },
  // tempfs's own network options: Podman's isolate (no route to other projects' networks).
  netFloor: networkFloor('podman', netFloorNames, 'bench-netfloor', ['--opt', 'isolate=true'], ['-t', '0']),
  tempfs: {
    up: (env) => timed(process.execPath, [cli, 'up', '-d', '-p', 'bench-tempfs', '--progress', 'quiet'], { TEMPFS_PODMAN_SOCKET: 'none', ...env }),
    down: (env) => timed(process.execPath, [cli, 'down', '-p', 'bench-tempfs', '--progress', 'quiet'], { TEMPFS_PODMAN_SOCKET: 'none', ...env }),
  },
};
const serviceSocket = join(dir, 'podman.sock');
let service = null;
if (podmanService) {
  const env = { TEMPFS_PODMAN_SOCKET: serviceSocket };
  tools.tempfsService = {
    up: () => timed(process.execPath, [cli, 'up', '-d', '-p', 'bench-tempfs-svc', '--progress', 'quiet'], env),
    down: () => timed(process.execPath, [cli, 'down', '-p', 'bench-tempfs-svc', '--progress', 'quiet'], env),
  };
}
if (cliB) {
  tools.tempfsB = {
    up: () => timed(process.execPath, [cliB, 'up', '-d', '-p', 'bench-tempfs-b', '--progress', 'quiet']),
    down: () => timed(process.execPath, [cliB, 'down', '-p', 'bench-tempfs-b', '--progress', 'quiet']),
  };
}
// podman-compose is optional: its column is left out where it is not installed.
// BENCH_NO_COMPOSE=1 leaves both compose columns out (they take most of a round's time).
const noCompose = Boolean(process.env.BENCH_NO_COMPOSE);
const hasPodmanCompose = !noCompose && spawnSync('podman-compose', ['version'], { stdio: 'ignore' }).status === 0;
if (hasPodmanCompose) {
  tools.compose = {
    up: () => timed('podman-compose', ['-p', 'bench-compose', 'up', '-d']),
    down: () => timed('podman-compose', ['-p', 'bench-compose', 'down', '-t', '0']),
  };
}

const dockerFloorNames = SERVICES.map((s) => `bench-dfloor-${s}`);
const dockerNetFloorNames = SERVICES.map((s) => `bench-dnetfloor-${s}`);
if (docker) {
  tools.dockerFloor = {
    up: () => timeParallel(dockerFloorNames.map((name) => ['docker', ['run', '-d', '--name', name, IMAGE, 'sh', '-c', COMMAND]])),
    down: () => timed('docker', ['rm', '-f', ...dockerFloorNames]),
  };
  tools.dockerNetFloor = networkFloor('docker', dockerNetFloorNames, 'bench-dnetfloor', [], []);
  tools.tempfsDocker = {
    up: () => timed(process.execPath, [cli, '--engine', 'docker', 'up', '-d', '-p', 'bench-tempfs-docker', '--progress', 'quiet']),
    down: () => timed(process.execPath, [cli, '--engine', 'docker', 'down', '-p', 'bench-tempfs-docker', '--progress', 'quiet']),
  };
  if (cliB) {
    tools.tempfsDockerB = {
      up: () => timed(process.execPath, [cliB, '--engine', 'docker', 'up', '-d', '-p', 'bench-tempfs-docker-b', '--progress', 'quiet']),
      down: () => timed(process.execPath, [cliB, '--engine', 'docker', 'down', '-p', 'bench-tempfs-docker-b', '--progress', 'quiet']),
    };
  }
}
if (hasDockerCompose) {
  tools.dockerCompose = {
    up: () => timed('docker-compose', ['-f', 'docker-compose.v2.yml', '-p', 'bench-dcompose', 'up', '-d']),
    down: () => timed('docker-compose', ['-f', 'docker-compose.v2.yml', '-p', 'bench-dcompose', 'down', '-t', '0']),
  };
}

async function timeParallel(commands) {
  const began = performance.now();
  await Promise.all(commands.map(([command, argv]) => timed(command, argv)));
  return performance.now() - began;
}

async function cleanSlate() {
  await timed('podman', ['rm', '-f', '-t', '0', '--ignore', ...floorNames, ...netFloorNames]);
  await timed('podman', ['network', 'rm', '--force', 'bench-netfloor']).catch(() => {});
  await tools.tempfs.down();
  await tools.tempfsB?.down();
  await tools.tempfsService?.down();
  if (hasPodmanCompose) await tools.compose.down().catch(() => {});
  // podman-compose 1.0 leaves its network behind on `down`.
  await timed('podman', ['network', 'rm', '--force', 'bench-compose_default']).catch(() => {});
  if (docker) {
    await timed('docker', ['rm', '-f', ...dockerFloorNames, ...dockerNetFloorNames]).catch(() => {});
    await timed('docker', ['network', 'rm', 'bench-dnetfloor']).catch(() => {});
    await tools.tempfsDocker.down();
    await tools.tempfsDockerB?.down();
  }
  if (hasDockerCompose) await tools.dockerCompose.down().catch(() => {});
}

const loadText = (l) => l.map((x) => x.toFixed(2)).join(' ');
let loadBefore;

async function main() {
  loadBefore = loadavg();
  if (podmanService) service = await startPodmanService(serviceSocket);
  await cleanSlate();
  // Warm-up: the first run of each pays for cold caches (image layers, node modules).
  for (const tool of Object.values(tools)) {
    await tool.up();
    await tool.down();
  }
  const times = Object.fromEntries(Object.keys(tools).map((k) => [k, { up: [], down: [] }]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no tool always runs first after the others' teardown.
    const order = Object.keys(tools);
    for (let i = 0; i < round % order.length; i++) order.push(order.shift());
    for (const name of order) {
      times[name].up.push(await tools[name].up());
      times[name].down.push(await tools[name].down());
    }
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { up: median(v.up), down: median(v.down) }]));
  const row = (label, value, floor) => `${label.padEnd(44)} ${value.toFixed(0).padStart(6)} ms   ${(value / floor).toFixed(2)}x floor`;
  console.log(`four busybox containers, median of ${rounds} rounds; load average ${loadText(loadBefore)} before, ${loadText(loadavg())} after`);
  /** A row with its ratio to the floor and, when given, to the floor with a project network. */
  const rowBoth = (label, value, floor, netFloor) => `${row(label, value, floor)}${netFloor ? `   ${(value / netFloor).toFixed(2)}x with network` : ''}`;
  /** One engine's rows: its floors, tempfs and (when installed) its compose, then the targets. */
  const report = (floor, netFloor, tempfs, compose, labels, b, svc) => {
    console.log(row(labels.floorUp, floor.up, floor.up));
    console.log(rowBoth(`network create + ${labels.floorUp.replace(' in parallel', '')} on it`, netFloor.up, floor.up, netFloor.up));
    console.log(rowBoth(labels.tempfsUp, tempfs.up, floor.up, netFloor.up));
    if (svc) console.log(rowBoth(`${labels.tempfsUp.replace(' (log probe each)', '')} via podman service`, svc.up, floor.up, netFloor.up));
    if (b) console.log(rowBoth(`${labels.tempfsUp.replace('tempfs', 'tempfs B')}`, b.up, floor.up, netFloor.up));
    if (compose) console.log(rowBoth(`${labels.compose} up -d`, compose.up, floor.up, netFloor.up));
    console.log(row(labels.floorDown, floor.down, floor.down));
    console.log(rowBoth(`${labels.floorDown.replace(/ \(the four\)$/, '')} + network rm`, netFloor.down, floor.down, netFloor.down));
    console.log(rowBoth(labels.tempfsDown, tempfs.down, floor.down, netFloor.down));
    if (svc) console.log(rowBoth(`${labels.tempfsDown} via podman service`, svc.down, floor.down, netFloor.down));
    if (b) console.log(rowBoth(`${labels.tempfsDown.replace('tempfs', 'tempfs B')}`, b.down, floor.down, netFloor.down));
    if (compose) console.log(rowBoth(`${labels.compose} down -t 0`, compose.down, floor.down, netFloor.down));
    const upOk = tempfs.up <= 1.5 * floor.up;
    const downOk = tempfs.down <= 1.3 * floor.down;
    console.log(`${labels.targets}: up -d <= 1.5x floor ${upOk ? 'met' : 'MISSED'}; down <= 1.3x floor ${downOk ? 'met' : 'MISSED'}`);
    if (svc) console.log(`  via podman service: up -d <= 1.5x floor ${svc.up <= 1.5 * floor.up ? 'met' : 'MISSED'}; down <= 1.3x floor ${svc.down <= 1.3 * floor.down ? 'met' : 'MISSED'}`);
    console.log(`  the project network alone (create, run on it, remove) costs the engine ${(netFloor.up / floor.up).toFixed(2)}x on up, ${(netFloor.down / floor.down).toFixed(2)}x on down`);
  };
  report(m.floor, m.netFloor, m.tempfs, m.compose, {
    floorUp: 'podman run -d x4 in parallel',
    tempfsUp: 'tempfs up -d (log probe each)',
    floorDown: 'podman rm -f -t 0 (the four)',
    tempfsDown: 'tempfs down',
    compose: 'podman-compose',
    targets: 'targets',
  }, m.tempfsB, m.tempfsService);
  if (docker) {
    console.log('on Docker:');
    report(m.dockerFloor, m.dockerNetFloor, m.tempfsDocker, m.dockerCompose, {
      floorUp: 'docker run -d x4 in parallel',
      tempfsUp: 'tempfs --engine docker up -d',
      floorDown: 'docker rm -f (the four)',
      tempfsDown: 'tempfs --engine docker down',
      compose: 'docker-compose',
      targets: 'targets on Docker',
    }, m.tempfsDockerB);
  } else {
    console.log('on Docker: skipped (no Docker daemon answers)');
  }
  if (trace) await traceTempfs();
}

/** One up/down through a wrapper that logs every podman call, printed as a timeline. */
async function traceTempfs() {
  const log = join(dir, 'podman-calls.log');
  const wrapper = join(dir, 'podman-trace.sh');
  writeFileSync(
    wrapper,
    // Forwards TERM/INT to podman (tempfs stops `podman logs -f` that way) and waits again
    // for its real exit code; an `exec` would hide the end time.
    [
      '#!/bin/sh',
      't0=$(date +%s%N)',
      'podman "$@" & pid=$!',
      "trap 'kill -TERM $pid' TERM INT",
      'wait $pid; rc=$?',
      'kill -0 $pid 2>/dev/null && { wait $pid; rc=$?; }',
      `echo "$t0 $(date +%s%N) $rc $*" >> ${log}`,
      'exit $rc',
      '',
    ].join('\n'),
  );
  chmodSync(wrapper, 0o755);
  for (const verb of ['up', 'down']) {
    writeFileSync(log, '');
    const began = Date.now() * 1e6;
    const total = await tools.tempfs[verb]({ TEMPFS_PODMAN: wrapper });
    const calls = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
      const [start, end, rc, ...argv] = line.split(' ');
      return { start: (Number(start) - began) / 1e6, ms: (Number(end) - Number(start)) / 1e6, rc, argv: argv.join(' ') };
    });
    calls.sort((a, b) => a.start - b.start);
    console.log(`\ntempfs ${verb}: ${total.toFixed(0)} ms, ${calls.length} podman calls (start after launch, duration, exit code):`);
    for (const c of calls) console.log(`  +${c.start.toFixed(0).padStart(5)} ms ${c.ms.toFixed(0).padStart(5)} ms  rc ${c.rc}  podman ${c.argv.slice(0, 110)}`);
  }
}

try {
  await main();
} finally {
  await cleanSlate().catch((error) => console.error(`cleanup: ${error.message}`));
  service?.stop();
  rmSync(dir, { recursive: true, force: true });
}
