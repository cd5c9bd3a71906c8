/**
 * Start order through the built CLI: a chain (a -> b -> c) and a diamond (top -> left,
 * right -> bottom). Order is read from the `--progress json` events and from Podman's
 * StartedAt times; parallelism is proven by left and right each becoming ready only once
 * the other has started (see the fixture), never by a wall-clock threshold.
 */
import { describe, expect, it } from 'vitest';
import { containerName } from '../../../src/engine/naming.js';
import { engine, fixtureDir, indexOf, jsonEvents, psJson, tempfs, testProject, useStateDir } from './stack.js';

const stateDir = useStateDir();
const cwd = fixtureDir('order');

async function startedAt(project: string, service: string): Promise<number> {
  const raw = await engine.inspectRaw(containerName(project, service));
  const state = raw?.State as { StartedAt?: string } | undefined;
  // Podman prints nanoseconds; Date.parse keeps milliseconds, enough to order these starts.
  return Date.parse(String(state?.StartedAt).replace(/(\.\d{3})\d*/, '$1').replace(' +0000 UTC', 'Z'));
}

describe('up: dependency order', () => {
  it('starts a chain and a diamond in order, independent containers in parallel', async () => {
    const project = testProject('order');
    const run = { cwd, stateDir: stateDir() };
    const up = await tempfs(['up', '-d', '-p', project, '--progress', 'json'], run);
    expect(up.code, up.stderr).toBe(0);
    const events = jsonEvents(up.stderr);
    const at = (service: string, status: string) => indexOf(events, service, status);

    // The chain: each link starts only once the one before it is ready.
    expect(at('b', 'starting')).toBeGreaterThan(at('a', 'ready'));
    expect(at('c', 'starting')).toBeGreaterThan(at('b', 'ready'));
    // The diamond: both sides after the top, the bottom after both sides.
    for (const side of ['left', 'right']) expect(at(side, 'starting')).toBeGreaterThan(at('top', 'ready'));
    expect(at('bottom', 'starting')).toBeGreaterThan(Math.max(at('left', 'ready'), at('right', 'ready')));
    // In parallel: the two roots both start before either is ready; so do left and right
    // (which could not become ready otherwise: each waits for the other's marker).
    expect(Math.max(at('a', 'starting'), at('top', 'starting'))).toBeLessThan(Math.min(at('a', 'ready'), at('top', 'ready')));
    expect(Math.max(at('left', 'starting'), at('right', 'starting'))).toBeLessThan(Math.min(at('left', 'ready'), at('right', 'ready')));

    // Podman agrees on the order in which the containers really started.
    const t = Object.fromEntries(
      await Promise.all(['a', 'b', 'c', 'top', 'left', 'right', 'bottom'].map(async (s) => [s, await startedAt(project, s)] as const)),
    );
    for (const value of Object.values(t)) expect(Number.isFinite(value)).toBe(true);
    expect(t.a).toBeLessThan(t.b!);
    expect(t.b).toBeLessThan(t.c!);
    expect(t.top).toBeLessThan(Math.min(t.left!, t.right!));
    expect(Math.max(t.left!, t.right!)).toBeLessThan(t.bottom!);

    const ps = await psJson(project, run);
    expect(Object.keys(ps).sort()).toEqual(['a', 'b', 'bottom', 'c', 'left', 'right', 'top']);
    for (const row of Object.values(ps)) expect(row).toMatchObject({ state: 'running', ready: true });

    // down -v also removes the named volume the diamond shares.
    const down = await tempfs(['down', '-v', '-p', project, '--progress', 'json'], run);
    expect(down.code, down.stderr).toBe(0);
    const gone = jsonEvents(down.stderr);
    const removed = (service: string) => indexOf(gone, service, 'removed');
    const stopping = (service: string) => indexOf(gone, service, 'stopping');
    // Reverse order: a container goes only after everything that depends on it.
    expect(stopping('a')).toBeGreaterThan(removed('b'));
    expect(stopping('b')).toBeGreaterThan(removed('c'));
    expect(stopping('top')).toBeGreaterThan(Math.max(removed('left'), removed('right')));
    expect(Math.min(stopping('left'), stopping('right'))).toBeGreaterThan(removed('bottom'));
  });
});
