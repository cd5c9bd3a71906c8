/**
 * Sandboxes on demand through the official MCP client: `tempfs mcp` without a recipe,
 * started in a workspace folder. Two images at once, workspace mounts (read-only refused
 * clearly, read-write seen on the host), the three network policies against a TCP server
 * this test runs on the host and a sibling sandbox, a published port's URL, bad input that
 * starts nothing, and after a SIGKILL of the server its sandboxes and host processes are gone (counted).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { leftovers, removeProject, requireImages, TEST_IMAGES } from '../../helpers/podman.js';
import { isAlive, startMcp, type McpSession } from './mcp-client.js';

const CLEANUP_LIMIT_MS = 60_000;
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let scratch: string;
let workspace: string;
let env: Record<string, string>;
let mcp: McpSession;
let hostServer: Server;
let hostPort: number;
/**
 * The host's own address (not a container bridge's): a sandbox reaches it only through a
 * route out. (A server listening on every address would also answer on the gateway address
 * of a sandbox's own bridge, which an `internal` network keeps: see the README.)
 */
const hostAddress = Object.entries(networkInterfaces())
  .filter(([name]) => !/^(lo|podman|cni|docker|br-|veth)/.test(name))
  .flatMap(([, addresses]) => addresses ?? [])
  .find((a) => a.family === 'IPv4' && !a.internal)?.address;
/** The project the server's sandboxes share, read from the first containerId. */
let project: string | undefined;

const projectOf = (containerId: string) => containerId.replace(/-box\d+-1$/, '');

async function start(args: Record<string, unknown>, session = mcp) {
  const r = await session.call('container_start', args);
  expect(r.text, r.text).not.toMatch(/^[A-Z_]+: /);
  project ??= projectOf(r.data.containerId);
  return r.data as { containerId: string; image: string; ports: { container: number; url: string }[]; network: string; user: string; ttl: number };
}

async function run(containerId: string, command: string, timeout = 20_000) {
  const r = await mcp.call('container_terminal', { containerId, command, timeout });
  expect(r.isError, r.text).toBe(false);
  return r.data as { success: boolean; output: string; exitCode: number | null };
}

/**
 * A web server in a busybox sandbox, as an agent starts one: a background process (a
 * daemon started by a one-shot command is a leftover, ended when the command returns).
 * Resolves once it answers inside the sandbox.
 */
async function serve(containerId: string, text: string): Promise<void> {
  expect((await run(containerId, `mkdir -p /tmp/www && echo ${text} > /tmp/www/index.html`)).exitCode).toBe(0);
  const bg = await mcp.call('terminal_background', { command: 'httpd -f -p 8080 -h /tmp/www', target: containerId });
  expect(bg.isError, bg.text).toBe(false);
  const wait = await run(containerId, 'for i in $(seq 1 50); do wget -q -O- http://127.0.0.1:8080/ 2>/dev/null && exit 0; sleep 0.1; done; exit 1');
  expect(wait.output).toBe(text);
}

/** Connects from inside a debian sandbox with bash's /dev/tcp; the first line read, or "FAILED". */
function connect(host: string, port: number): string {
  return `timeout 5 bash -c 'exec 3<>/dev/tcp/${host}/${port}; printf "GET / HTTP/1.0\\r\\n\\r\\n" >&3; head -1 <&3' 2>/dev/null || echo FAILED`;
}

async function containersOfProject(): Promise<string[]> {
  return project ? (await leftovers(project)).containers : [];
}

beforeAll(async () => {
  await requireImages([TEST_IMAGES.debian, TEST_IMAGES.busybox]);
  scratch = await mkdtemp(join(tmpdir(), 'tempfs-sandboxes-it-'));
  workspace = join(scratch, 'work');
  await mkdir(join(workspace, 'src'), { recursive: true });
  await mkdir(join(workspace, 'out'), { recursive: true });
  await mkdir(join(scratch, 'outside'), { recursive: true });
  await writeFile(join(workspace, 'src', 'hello.txt'), 'hello from the host\n');
  await symlink(join(scratch, 'outside'), join(workspace, 'escape'));
  hostServer = createServer((socket) => socket.end('pong-from-host\n'));
  if (!hostAddress) throw new Error('this host has no address outside loopback and container bridges');
  await new Promise<void>((resolve) => hostServer.listen(0, hostAddress, resolve));
  hostPort = (hostServer.address() as { port: number }).port;
  env = { TEMPFS_STATE_DIR: join(scratch, 'state') };
  mcp = await startMcp(['--workspace', workspace], env, workspace);
});

afterAll(async () => {
  await mcp?.client.close();
  hostServer?.close();
  if (project) {
    const left = await leftovers(project);
    await removeProject(project);
    expect(left).toEqual({ containers: [], volumes: [], networks: [] });
  }
  await rm(scratch, { recursive: true, force: true });
});

describe('container_start', () => {
  it('runs two sandboxes from two images at once, each running commands', async () => {
    const [debian, busybox] = await Promise.all([start({ image: TEST_IMAGES.debian }), start({ image: TEST_IMAGES.busybox })]);
    expect(debian.containerId).not.toBe(busybox.containerId);
    expect(debian).toMatchObject({ image: TEST_IMAGES.debian, network: 'default', ttl: 3_600_000, ports: [] });
    const [a, b] = await Promise.all([run(debian.containerId, 'head -1 /etc/os-release; id -u'), run(busybox.containerId, 'busybox | head -1')]);
    expect(a.output).toMatch(/Debian/);
    expect(b.output).toMatch(/BusyBox/);
    // terminal_execute takes the containerId as its target too.
    const viaTarget = await mcp.call('terminal_execute', { command: 'echo in-$(hostname)', target: busybox.containerId });
    expect(viaTarget.data.output).toMatch(/^in-/);
    // Hardened: read-only image, no capabilities, memory-capped /tmp.
    const hardened = await run(debian.containerId, 'touch /usr/x 2>&1; grep CapEff /proc/self/status; df -k /tmp | tail -1');
    expect(hardened.output).toMatch(/Read-only file system/);
    expect(hardened.output).toMatch(/CapEff:\s+0000000000000000/);
    expect(hardened.output).toMatch(/^tmpfs\s/m);
    const list = await mcp.call('container_list');
    const ids = list.data.sandboxes.map((s: { containerId: string }) => s.containerId);
    expect(ids).toEqual(expect.arrayContaining([debian.containerId, busybox.containerId]));
    expect(list.data.sandboxes[0].ttlLeft).toBeGreaterThan(3_000_000);
    await Promise.all([mcp.call('container_stop', { containerId: debian.containerId }), mcp.call('container_stop', { containerId: busybox.containerId })]);
    expect(await containersOfProject()).toEqual([]);
    // The project's networks stay while the server runs, for its next sandbox (they go when it stops: see afterAll).
    expect((await leftovers(project!)).networks.sort()).toEqual([`${project}__internal`, `${project}_default`]);
  });

  it('mounts workspace folders read-only by default and read-write when asked', async () => {
    const box = await start({
      image: TEST_IMAGES.debian,
      volumes: [{ source: 'src' }, { source: join(workspace, 'out'), target: '/out', mode: 'rw' }],
    });
    const read = await run(box.containerId, 'cat /workspace/src/hello.txt');
    expect(read.output).toBe('hello from the host');
    const refused = await run(box.containerId, 'echo x > /workspace/src/new.txt');
    expect(refused.exitCode).not.toBe(0);
    expect(refused.output).toMatch(/Read-only file system/);
    const written = await run(box.containerId, 'echo written-inside > /out/result.txt');
    expect(written.exitCode).toBe(0);
    expect(await readFile(join(workspace, 'out', 'result.txt'), 'utf8')).toBe('written-inside\n');
    await mcp.call('container_stop', { containerId: box.containerId });
  });

  it('file tools reach a sandbox by its containerId: write, read, list, copy both ways', async () => {
    const box = await start({ image: TEST_IMAGES.busybox });
    const target = box.containerId;
    const w = await mcp.call('file_write', { path: '/tmp/notes.txt', content: 'from the agent\n', target });
    expect(w.isError, w.text).toBe(false);
    expect((await mcp.call('file_read', { path: '/tmp/notes.txt', target })).data).toMatchObject({ content: 'from the agent\n', eof: true });
    const listed = await mcp.call('file_list', { path: '/tmp', target });
    expect((listed.data!.entries as { name: string }[]).map((e) => e.name)).toContain('notes.txt');
    await writeFile(join(workspace, 'in.txt'), 'from the host\n');
    const copyIn = await mcp.call('file_copy', { from: join(workspace, 'in.txt'), to: '/tmp/in.txt', direction: 'to_sandbox', containerId: target });
    expect(copyIn.isError, copyIn.text).toBe(false);
    expect((await run(target, 'cat /tmp/in.txt')).output).toBe('from the host');
    const copyOut = await mcp.call('file_copy', { from: '/tmp/notes.txt', to: join(workspace, 'out-notes.txt'), direction: 'to_host', containerId: target });
    expect(copyOut.isError, copyOut.text).toBe(false);
    expect(await readFile(join(workspace, 'out-notes.txt'), 'utf8')).toBe('from the agent\n');
    await mcp.call('container_stop', { containerId: target });
  });

  it('publishes ports on 127.0.0.1 and returns their URL', async () => {
    const box = await start({ image: TEST_IMAGES.busybox, ports: [8080] });
    expect(box.ports).toHaveLength(1);
    expect(box.ports[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await serve(box.containerId, 'served-from-sandbox');
    let body = '';
    // The server answers inside; the port forwarder may lag a moment.
    for (let i = 0; i < 50 && !body.includes('served'); i++) {
      body = await fetch(box.ports[0]!.url).then((r) => r.text()).catch(() => '');
      if (!body.includes('served')) await sleep(100);
    }
    expect(body).toBe('served-from-sandbox\n');
    await mcp.call('container_stop', { containerId: box.containerId });
  });
});

describe('lifetime', () => {
  it('a sandbox goes by its TTL (the monitor) and another by its idle timeout', async () => {
    const short = await start({ image: TEST_IMAGES.busybox, ttl: 3000 });
    const idle = await start({ image: TEST_IMAGES.busybox, idleTimeout: 2000 });
    expect(short.ttl).toBe(3000);
    await run(idle.containerId, 'true');
    const since = Date.now();
    let left = await containersOfProject();
    while (Date.now() - since < CLEANUP_LIMIT_MS && left.some((c) => c === short.containerId || c === idle.containerId)) {
      await sleep(250);
      left = await containersOfProject();
    }
    expect(left).not.toContain(short.containerId);
    expect(left).not.toContain(idle.containerId);
    const list = await mcp.call('container_list');
    const ids = list.data.sandboxes.filter((s: { status: string }) => s.status !== 'removed').map((s: { containerId: string }) => s.containerId);
    expect(ids).not.toContain(short.containerId);
    expect(ids).not.toContain(idle.containerId);
    const after = await mcp.call('container_terminal', { containerId: idle.containerId, command: 'true' });
    expect(after.text).toMatch(/NOT_FOUND: containerId .* is not a sandbox of this server/);
  });
});

describe('user', () => {
  it('runs as the image\'s uid-1000 account when it has one (HOME writable), as root otherwise, as asked with user', async () => {
    const exec = promisify(execFile);
    const image = `localhost/tempfs-uid1000:${process.pid}`;
    const builder = `tempfs-uid1000-${process.pid}`;
    await exec('podman', ['run', '--name', builder, TEST_IMAGES.debian, 'sh', '-c', 'echo "agent:x:1000:1000:Agent:/home/agent:/bin/bash" >> /etc/passwd']);
    await exec('podman', ['commit', '--quiet', builder, image]);
    await exec('podman', ['rm', '-f', builder]);
    try {
      const withUser = await start({ image });
      expect(withUser.user).toBe('agent (1000)');
      const inside = await run(withUser.containerId, 'id -u; echo $HOME; touch $HOME/x && echo home-writable');
      expect(inside.output.split('\n')).toEqual(['1000', '/home/agent', 'home-writable']);
      const plain = await start({ image: TEST_IMAGES.debian });
      expect(plain.user).toBe('root');
      const asked = await start({ image: TEST_IMAGES.debian, user: 'nobody' });
      expect((await run(asked.containerId, 'id -u')).output).toBe('65534');
      await Promise.all([withUser, plain, asked].map((b) => mcp.call('container_stop', { containerId: b.containerId })));
    } finally {
      await exec('podman', ['rmi', '-f', image]).catch(() => {});
    }
  });
});

describe('network policy', () => {
  it('none reaches nothing, internal only its sibling, default both', async () => {
    const sibling = await start({ image: TEST_IMAGES.busybox });
    await serve(sibling.containerId, 'sibling');
    const [none, internal, open] = await Promise.all([
      start({ image: TEST_IMAGES.debian, network: 'none' }),
      start({ image: TEST_IMAGES.debian, network: 'internal' }),
      start({ image: TEST_IMAGES.debian, network: 'default' }),
    ]);
    expect([none.network, internal.network, open.network]).toEqual(['none', 'internal', 'default']);
    const probe = async (box: { containerId: string }) => ({
      host: (await run(box.containerId, connect(hostAddress!, hostPort))).output,
      sibling: (await run(box.containerId, connect(sibling.containerId, 8080))).output,
    });
    const [n, i, d] = await Promise.all([probe(none), probe(internal), probe(open)]);
    expect(n).toEqual({ host: 'FAILED', sibling: 'FAILED' });
    expect(i.host).toBe('FAILED');
    expect(i.sibling).toMatch(/^HTTP\/1\.[01] 200/);
    expect(d.host).toBe('pong-from-host');
    expect(d.sibling).toMatch(/^HTTP\/1\.[01] 200/);
    const ip = await run(none.containerId, 'cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d " "');
    expect(ip.output).toBe('lo');
    await Promise.all([sibling, none, internal, open].map((b) => mcp.call('container_stop', { containerId: b.containerId })));
  });
});

describe('bad input starts nothing', () => {
  it('refuses a missing image, a volume outside the workspace, a symlink out of it, an unknown field, another session\'s container', async () => {
    const before = await containersOfProject();
    const missing = await mcp.call('container_start', { image: 'localhost/no-such-image:never' });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/IMAGE_MISSING: image localhost\/no-such-image:never is not on this machine/);
    const outside = await mcp.call('container_start', { image: TEST_IMAGES.busybox, volumes: [{ source: join(scratch, 'outside') }] });
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/is outside the workspace/);
    const escape = await mcp.call('container_start', { image: TEST_IMAGES.busybox, volumes: [{ source: 'escape', mode: 'rw' }] });
    expect(escape.text).toMatch(/escape \(which is .*outside\) is outside the workspace/);
    const unknown = await mcp.call('container_start', { image: TEST_IMAGES.busybox, privileged: true });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/privileged/);
    const other = `other-${process.pid}`;
    await promisify(execFile)('podman', ['run', '-d', '--rm', '--name', other, '--label', 'io.tempfs.session=someone-else', TEST_IMAGES.busybox, 'sleep', '300']);
    try {
      const foreign = await mcp.call('container_terminal', { containerId: other, command: 'echo no' });
      expect(foreign.text).toMatch(/NOT_FOUND: containerId "other-\d+" is not a sandbox of this server/);
      const stop = await mcp.call('container_stop', { containerId: other });
      expect(stop.isError).toBe(true);
      const viaTarget = await mcp.call('terminal_execute', { command: 'echo no', target: other });
      expect(viaTarget.isError).toBe(true);
      const { stdout } = await promisify(execFile)('podman', ['inspect', '--format', '{{.State.Running}}', other]);
      expect(stdout.trim()).toBe('true');
    } finally {
      await promisify(execFile)('podman', ['rm', '-f', '-t', '0', other]);
    }
    expect(await containersOfProject()).toEqual(before);
  });
});

/** Live (not zombie) processes among these pids. */
async function living(pids: number[]): Promise<number[]> {
  const alive = await Promise.all(pids.map(async (pid) => !/\) [ZX] /.test(await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ') X '))));
  return pids.filter((_, i) => alive[i]);
}

describe('SIGKILL of the server', () => {
  it('its sandboxes and the host processes it started are gone (counted), and the time it took is printed', async () => {
    const victim = await startMcp(['--workspace', workspace, '--allow-host'], env, workspace);
    const r = await victim.call('container_start', { image: TEST_IMAGES.busybox });
    const killedProject = projectOf(r.data.containerId);
    await victim.call('container_start', { image: TEST_IMAGES.busybox, network: 'internal' });
    const background = await victim.call('terminal_background', { command: 'sleep 4711', target: 'host' });
    const terminal = await victim.call('terminal_create', { name: 'victim', target: 'host' });
    const hostPids = [background.data.pid as number, terminal.data.pid as number];
    expect((await leftovers(killedProject)).containers).toHaveLength(2);
    expect(await living(hostPids)).toEqual(hostPids);
    process.kill(victim.pid, 'SIGKILL');
    const since = Date.now();
    /** Polls `check` until `count` of its answer is 0 (or the limit); the last answer and when it came. */
    const until = async <T>(check: () => Promise<T>, count: (value: T) => number, everyMs: number) => {
      let value = await check();
      while (count(value) > 0 && Date.now() - since < CLEANUP_LIMIT_MS) {
        await sleep(everyMs);
        value = await check();
      }
      return { value, ms: Date.now() - since };
    };
    // Apart: the host processes through /proc (cheap), the sandboxes through podman.
    const [host, sandboxes] = await Promise.all([
      until(() => living(hostPids), (pids) => pids.length, 20),
      until(() => leftovers(killedProject), (l) => l.containers.length + l.networks.length, 100),
    ]);
    const hostLeft = host.value;
    const left = sandboxes.value;
    // The figures, not an assertion (bench/sandbox-teardown.mjs measures them without polling podman).
    console.log(`SIGKILLed server: its host processes were gone after ${host.ms} ms, its sandboxes and networks after ${sandboxes.ms} ms`);
    expect(isAlive(victim.pid)).toBe(false);
    expect(hostLeft).toEqual([]);
    expect(left).toEqual({ containers: [], volumes: [], networks: [] });
    await victim.client.close().catch(() => {});
  });
});
