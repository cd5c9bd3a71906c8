#!/usr/bin/env node
/**
 * Model download throughput: tempfs's ensureModel (from dist/) against `curl -o`, pulling
 * the same 1 GiB file from a local HTTP server, 3 rounds each, alternating. tempfs runs in
 * a child process so its peak RSS (process.resourceUsage().maxRSS) is its own.
 *
 *   npm run build && node bench/model-pull.mjs [--size-mib 1024] [--rounds 3]
 *     [--entry path/to/models/index.js] [--baseline path/to/other/models/index.js ...]
 *     [--tls | --tls-proxy]
 *
 * --entry replaces dist/models/index.js; each --baseline (repeatable) adds another tempfs
 * build to every round (before/after comparisons in the same conditions, interleaved).
 * --tls serves the file over https (a Node server in a child process, the test certificate
 * of test/unit/models/fixtures, trusted by NODE_EXTRA_CA_CERTS and curl --cacert);
 * --tls-proxy does too, and every client goes through a local CONNECT proxy (another child
 * process): tempfs by HTTPS_PROXY, curl by --proxy.
 * Targets (issue 5): throughput >= 0.9x curl, peak RSS < 100 MB. curl -o does not verify
 * anything, so `curl -o f && sha256sum f` is printed as a second reference.
 * Each round also shows tempfs's in-process rate (ensureModel alone, without node's start)
 * and its CPU time (main thread and I/O threads): on a shared machine CPU time
 * moves less than wall time. The 1-minute load average is printed per round: compare runs
 * only at similar loads, and prefer --baseline (same rounds) to separate runs.
 * The source file is generated once (random bytes) at /tmp/tempfs-bench-<size>m.bin and kept.
 */
import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, existsSync, openSync, writeSync, closeSync, statSync, readFileSync, writeFileSync, symlinkSync } from 'node:fs';
import { createServer as createNetServer, connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const { values } = parseArgs({
  options: {
    'size-mib': { type: 'string', default: '1024' },
    rounds: { type: 'string', default: '3' },
    entry: { type: 'string' },
    baseline: { type: 'string', multiple: true },
    tls: { type: 'boolean', default: false },
    'tls-proxy': { type: 'boolean', default: false },
  },
});
const SIZE = Number(values['size-mib']) * 1024 * 1024;
const ROUNDS = Number(values.rounds);
const entry = values.entry ? pathToFileURL(resolve(values.entry)) : new URL('../dist/models/index.js', import.meta.url);
// The builds of every round: the entry, then each baseline ("baseline", "baseline2", ...).
const builds = [['tempfs', entry], ...(values.baseline ?? []).map((b, i) => [`baseline${i ? i + 1 : ''}`, pathToFileURL(resolve(b))])];
for (const [, e] of builds) {
  if (!existsSync(e)) {
    console.error(`${e.pathname} is missing (dist/: run \`npm run build\` first)`);
    process.exit(2);
  }
}

const source = `/tmp/tempfs-bench-${values['size-mib']}m.bin`;
const { sha256 } = prepareSource(source, SIZE);

const CERT = new URL('../test/unit/models/fixtures/localhost-cert.pem', import.meta.url);
const server = values.tls || values['tls-proxy'] ? await startTls(source, values['tls-proxy']) : await startServer(source);
const url = server.url;
console.log(`server: ${server.kind}`);

const work = await mkdtemp(join(tmpdir(), 'tempfs-bench-'));
const results = { curl: [], curlSha: [] };
const rss = {};
for (const [key] of builds) (results[key] = []), (rss[key] = []);
const loads = [loadavg()[0]];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const line = [];
    for (const [key, which] of builds) {
      const t = await pullWithTempfs(which, join(work, `cache-${round}`));
      results[key].push(t.seconds);
      rss[key].push(t.maxRssKiB / 1024);
      // In-process: ensureModel alone, without starting node (curl's start is ~5 ms, node's ~50).
      line.push(
        `${key} ${mbps(t.seconds)} MB/s (in-process ${mbps(t.pullMs / 1000)}, CPU ${(t.cpuMs / 1000).toFixed(2)} s, ` +
          `RSS ${(t.maxRssKiB / 1024).toFixed(1)} MiB)`,
      );
    }
    const c = await pullWithCurl(join(work, `curl-${round}.bin`));
    results.curl.push(c.seconds);
    results.curlSha.push(c.seconds + c.shaSeconds);
    line.push(`curl ${mbps(c.seconds)} MB/s`, `curl then sha256sum ${mbps(c.seconds + c.shaSeconds)} MB/s`);
    loads.push(loadavg()[0]);
    console.log(`round ${round}: ${line.join(', ')}, load ${loads.at(-1).toFixed(2)}`);
  }
} finally {
  await server.close();
  await rm(work, { recursive: true, force: true });
}

const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (xs) => SIZE / 1e6 / med(xs);
const curlMbps = rate(results.curl);
const curlShaMbps = rate(results.curlSha);
console.log(`\nfile: ${SIZE / 2 ** 20} MiB, ${ROUNDS} rounds, medians (MB = 10^6 bytes), load average 1 min: ${loads.map((l) => l.toFixed(2)).join(' ')}`);
console.log(`curl -o: ${curlMbps.toFixed(0)} MB/s   curl -o && sha256sum: ${curlShaMbps.toFixed(0)} MB/s`);
for (const [key, which] of builds) {
  const r = rate(results[key]);
  const label = key === 'tempfs' ? which.pathname : `${key} ${which.pathname}`;
  // tempfs verifies while it downloads; curl -o verifies nothing, hence the second reference.
  console.log(
    `${key}: ${r.toFixed(0)} MB/s   ${(r / curlMbps).toFixed(2)}x curl (target >= 0.90)   ` +
      `${(r / curlShaMbps).toFixed(2)}x curl+sha256sum   peak RSS ${Math.max(...rss[key]).toFixed(1)} MiB, ` +
      `median ${med(rss[key]).toFixed(1)} MiB (target < 100 MB)   [${label}]`,
  );
}

/**
 * busybox httpd when there is one: it sends with sendfile and hardly uses the CPU, like a
 * remote server would not use ours. Otherwise a Node server in this process.
 */
async function startServer(file) {
  const port = await freePort();
  const bb = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
  if (bb) {
    const root = await mkdtemp(join(tmpdir(), 'tempfs-bench-www-'));
    symlinkSync(file, join(root, 'model.gguf'));
    const child = spawn(bb, ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', root], { stdio: 'ignore' });
    await waitForPort(port);
    return {
      kind: 'busybox httpd (sendfile)',
      url: `http://127.0.0.1:${port}/model.gguf`,
      close: async () => {
        child.kill('SIGTERM');
        await rm(root, { recursive: true, force: true });
      },
    };
  }
  const srv = createServer((req, res) => {
    res.writeHead(200, { 'content-length': SIZE, 'accept-ranges': 'bytes', etag: '"bench"' });
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(res);
  });
  srv.listen(port, '127.0.0.1');
  await once(srv, 'listening');
  return { kind: 'node:http in the bench process', url: `http://127.0.0.1:${port}/model.gguf`, close: async () => srv.close() };
}

/**
 * The file over https from a Node server (child process), reached directly or through a
 * CONNECT proxy (another child process, piping bytes both ways).
 */
async function startTls(file, withProxy) {
  const [originPort, proxyPort] = [await freePort(), await freePort()];
  const key = new URL('../test/unit/models/fixtures/localhost-key.pem', import.meta.url);
  const origin = spawn(process.execPath, ['-e', `
    const { createServer } = require('node:https');
    const { createReadStream, readFileSync, statSync } = require('node:fs');
    const size = statSync(${JSON.stringify(file)}).size;
    createServer({ key: readFileSync(${JSON.stringify(key.pathname)}), cert: readFileSync(${JSON.stringify(CERT.pathname)}) }, (req, res) => {
      res.writeHead(200, { 'content-length': size });
      createReadStream(${JSON.stringify(file)}, { highWaterMark: 1 << 20 }).pipe(res);
    }).listen(${originPort}, '127.0.0.1');`], { stdio: 'ignore' });
  const proxy = withProxy && spawn(process.execPath, ['-e', `
    const net = require('node:net');
    net.createServer((client) => {
      client.once('data', (head) => {
        const m = /^CONNECT ([^:]+):(\\d+) /.exec(head.toString('latin1'));
        if (!m) return client.end('HTTP/1.1 400 Bad Request\\r\\n\\r\\n');
        const up = net.connect(Number(m[2]), m[1] === 'localhost' ? '127.0.0.1' : m[1], () => {
          client.write('HTTP/1.1 200 Connection established\\r\\n\\r\\n');
          up.pipe(client);
          client.pipe(up);
        });
        up.on('error', () => client.destroy());
        client.on('error', () => up.destroy());
      });
    }).listen(${proxyPort}, '127.0.0.1');`], { stdio: 'ignore' });
  await Promise.all([waitForPort(originPort), proxy && waitForPort(proxyPort)]);
  return {
    kind: `node:https in a child process${proxy ? ', through a CONNECT proxy (a child process)' : ''}`,
    url: `https://localhost:${originPort}/model.gguf`,
    proxy: proxy ? `http://127.0.0.1:${proxyPort}` : undefined,
    tls: true,
    close: async () => {
      origin.kill('SIGTERM');
      if (proxy) proxy.kill('SIGTERM');
    },
  };
}

async function freePort() {
  const probe = createNetServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  return port;
}

async function waitForPort(port) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server on port ${port} did not start`);
}

function mbps(seconds) {
  return (SIZE / 1e6 / seconds).toFixed(0);
}

/** Random content (so nothing compresses or dedups), written once; its sha256 cached beside it. */
function prepareSource(path, size) {
  const shaFile = `${path}.sha256`;
  if (existsSync(path) && statSync(path).size === size && existsSync(shaFile)) {
    return { sha256: readFileSync(shaFile, 'utf8').trim() };
  }
  console.log(`generating ${path} ...`);
  const fd = openSync(path, 'w');
  const hash = createHash('sha256');
  const buf = Buffer.alloc(1 << 20);
  for (let done = 0; done < size; done += buf.length) {
    randomFillSync(buf);
    const chunk = buf.subarray(0, Math.min(buf.length, size - done));
    hash.update(chunk);
    writeSync(fd, chunk);
  }
  closeSync(fd);
  const hex = hash.digest('hex');
  writeFileSync(shaFile, hex + '\n');
  return { sha256: hex };
}

async function pullWithTempfs(entry, cacheDir) {
  const spec = { name: 'bench', url, sha256, file: 'model.gguf' };
  const script = `
    const { ensureModel } = await import(${JSON.stringify(entry.href)});
    const started = performance.now();
    const r = await ensureModel(${JSON.stringify(spec)}, { cacheDir: ${JSON.stringify(cacheDir)}, env: process.env, onProgress: () => {} });
    const pullMs = performance.now() - started;
    if (r.cached || r.bytes !== ${SIZE}) throw new Error('unexpected result ' + JSON.stringify(r));
    const u = process.resourceUsage();
    console.log(JSON.stringify({ maxRssKiB: u.maxRSS, pullMs, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));`;
  const started = performance.now();
  // Through the proxy: trust the test certificate the way a user trusts a corporate CA.
  const env = { ...process.env, NO_PROXY: '', ...(server.tls && { NODE_EXTRA_CA_CERTS: CERT.pathname }), ...(server.proxy && { HTTPS_PROXY: server.proxy }) };
  const out = await run(process.execPath, ['--input-type=module', '-e', script], env);
  const seconds = (performance.now() - started) / 1000;
  await rm(cacheDir, { recursive: true, force: true });
  return { seconds, ...JSON.parse(out) };
}

async function pullWithCurl(file) {
  const started = performance.now();
  const via = [...(server.tls ? ['--cacert', CERT.pathname] : []), ...(server.proxy ? ['--proxy', server.proxy] : [])];
  await run('curl', ['-sS', '--fail', ...via, '-o', file, url]);
  const seconds = (performance.now() - started) / 1000;
  if (statSync(file).size !== SIZE) throw new Error('curl fetched a short file');
  const shaStarted = performance.now();
  const sum = await run('sha256sum', [file]);
  const shaSeconds = (performance.now() - shaStarted) / 1000;
  if (!sum.startsWith(sha256)) throw new Error('curl fetched different bytes');
  await rm(file, { force: true });
  return { seconds, shaSeconds };
}

async function run(cmd, args, env = process.env) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${cmd} exited with ${code}`);
  return out;
}
