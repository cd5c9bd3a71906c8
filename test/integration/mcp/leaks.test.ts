/**
 * No leaks, counted: what `terminal_execute` leaves behind (`sleep 4242 &`, a setsid
 * child, a double fork) is gone when the call returns, on the host and in the sandbox;
 * a setsid child of a background process is gone after terminal_stop. Processes are
 * counted from /proc (host) and with `podman exec ... sh` (container), not through tempfs.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { mcpServerPerFile } from './mcp-client.js';

/** Live host processes running exactly `sleep <n>`. */
async function onHost(n: number): Promise<number> {
  let count = 0;
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ').trim();
    if (cmdline === `sleep ${n}`) count++;
  }
  return count;
}

/** Live processes in the sandbox running exactly `sleep <n>` (zombies have no cmdline). */
function inSandbox(n: number): number {
  const script = `for p in /proc/[0-9]*; do tr '\\0' ' ' <$p/cmdline 2>/dev/null; echo; done | grep -c '^sleep ${n} $' || true`;
  const r = spawnSync(process.env.TEMPFS_ENGINE ?? 'podman', ['exec', container, 'sh', '-c', script], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

const count = (target: 'host' | 'sandbox', n: number) => (target === 'host' ? onHost(n) : Promise.resolve(inSandbox(n)));

const { mcp, project } = mcpServerPerFile('mcpleaks', {
  // After the file: no `sleep 424x` of these tests on the host either.
  check: async () => expect(await onHost(4242) + (await onHost(4243)) + (await onHost(4244)) + (await onHost(4245))).toBe(0),
});
const container = `${project}-sandbox-1`;

describe.each(['host', 'sandbox'] as const)('leftovers on the %s', (target) => {
  it('`sleep 4242 &`, a setsid child and a double fork are gone when terminal_execute returns', async () => {
    const r = await mcp.call('terminal_execute', {
      command: 'sleep 4242 & setsid sleep 4243 & (sleep 4244 &); echo started',
      target,
    });
    expect(r.data).toMatchObject({ success: true, output: 'started' });
    expect(await count(target, 4242)).toBe(0);
    expect(await count(target, 4243)).toBe(0);
    expect(await count(target, 4244)).toBe(0);
  });

  it('a setsid child of a background process is gone after terminal_stop', async () => {
    const bg = await mcp.call('terminal_background', { command: 'setsid sleep 4245 & echo child; while :; do sleep 1; done', target });
    const waited = await mcp.call('terminal_wait', { processId: bg.data.processId, pattern: '^child$' });
    expect(waited.data).toMatchObject({ found: true });
    // `child` can be printed before the forked shell has become `sleep 4245` (setsid execs it).
    await expect.poll(() => count(target, 4245), { timeout: 10_000 }).toBe(1);
    const stopped = await mcp.call('terminal_stop', { processId: bg.data.processId });
    expect(stopped.data).toMatchObject({ success: true });
    expect(await count(target, 4245)).toBe(0);
  });
});
