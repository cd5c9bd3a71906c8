// A sandbox from nothing to its first command's result, through the official MCP client
// (container_start, then container_terminal `echo ok`, against a running `tempfs mcp`),
// against the raw engine doing the same: `podman run -d` of the same image with the same
// hardening flags minus tempfs's own (labels, networks, monitor) and `podman exec` of the
// same command. Rounds alternate (tempfs, raw, tempfs, ...); the removal of each sandbox is
// outside the timing. Three series: "first" (no other sandbox of the server runs), "another
// running" (one sandbox of the server stays up through the series), and the first sandbox of
// a new server each round, asked for as soon as its MCP handshake is done (whatever the server
// makes ready beside the handshake, its networks, terminal host and the image's users, may
// still be on the way). Medians; the load average. The series alternate with raw rounds, so
// each ratio is of one moment's load.
//   npm run build && node bench/sandbox-start.mjs [rounds] [image]
//   TEMPFS_BENCH_CLI=OTHER/dist/bundle/tempfs.js node bench/sandbox-start.mjs   (another build, A/B)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { median } from './timing.mjs';

const rounds = Number(process.argv[2] ?? 10);
const image = process.argv[3] ?? 'localhost/tempfs-debian:test';
// Another build to compare (A/B): `TEMPFS_BENCH_CLI=OTHER/dist/bundle/tempfs.js`.
const cli = process.env.TEMPFS_BENCH_CLI ?? fileURLToPath(new URL('../dist/bundle/tempfs.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tempfs-bench-sandbox-'));
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();

/** A `tempfs mcp` through the official client, connected (the MCP handshake done). */
async function server() {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp', '--workspace', scratch],
    env: { ...process.env, TEMPFS_STATE_DIR: join(scratch, 'state') },
    cwd: scratch,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'tempfs-bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

let client = await server();

async function call(name, args, on = client) {
  const result = await on.callTool({ name, arguments: args });
  const text = result.content[0].text;
  if (result.isError) throw new Error(`${name}: ${text}`);
  return JSON.parse(text);
}

async function viaTempfs(on = client) {
  const start = performance.now();
  const { containerId } = await call('container_start', { image }, on);
  const run = await call('container_terminal', { containerId, command: 'echo ok' }, on);
  const ms = performance.now() - start;
  if (run.output !== 'ok') throw new Error(`unexpected output ${JSON.stringify(run.output)}`);
  await call('container_stop', { containerId }, on);
  return ms;
}

/** A new server each time, its first sandbox asked for as soon as the handshake is done. */
async function viaNewServer() {
  const fresh = await server();
  try {
    return await viaTempfs(fresh);
  } finally {
    await fresh.close();
  }
}

let n = 0;
function viaPodman() {
  const name = `tempfs-bench-raw-${process.pid}-${n++}`;
  const start = performance.now();
  execFileSync('podman', [
    'run', '-d', '--rm', '--init', '--name', name, '--read-only', '--read-only-tmpfs=false',
    '--tmpfs', '/tmp:rw,exec,nosuid,nodev,size=536870912', '--cap-drop=ALL', '--security-opt', 'no-new-privileges',
    '--pids-limit', '1024', '--memory', '2147483648', '--cpus', '1', '--entrypoint', '["sleep"]', image, 'infinity',
  ], { stdio: 'ignore' });
  const out = execFileSync('podman', ['exec', name, 'sh', '-c', 'echo ok'], { encoding: 'utf8' }).trim();
  const ms = performance.now() - start;
  if (out !== 'ok') throw new Error(`unexpected output ${JSON.stringify(out)}`);
  execFileSync('podman', ['rm', '-f', '-t', '0', name], { stdio: 'ignore' });
  return ms;
}

async function series(label, tempfsRound = viaTempfs) {
  const tempfs = [];
  const raw = [];
  for (let i = 0; i < rounds; i++) {
    tempfs.push(await tempfsRound());
    raw.push(viaPodman());
  }
  const t = median(tempfs);
  const r = median(raw);
  const range = (xs) => `(min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`${label}:`);
  console.log(`  container_start + container_terminal (MCP client)  median ${t.toFixed(0)} ms  ${range(tempfs)}`);
  console.log(`  podman run -d + podman exec                        median ${r.toFixed(0)} ms  ${range(raw)}`);
  console.log(`  ratio ${(t / r).toFixed(2)}x (target <= 1.3x); load average: ${loadavg()}`);
}

try {
  console.log(`${cli}\nimage ${image}, ${rounds} rounds per series (after 1 warm-up each); load average before: ${loadavg()}`);
  await viaTempfs();
  viaPodman();
  await series('first sandbox of the server');
  const { containerId } = await call('container_start', { image });
  await series('another sandbox of the server running');
  await call('container_stop', { containerId });
  await series('the first sandbox of a new server, asked for right after the handshake', viaNewServer);
} finally {
  await client.close();
  rmSync(scratch, { recursive: true, force: true });
}
