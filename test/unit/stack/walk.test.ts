/** The graph walker alone: milestones, batches of freed nodes, failure propagation, and a cycle that must not hang. */
import { describe, expect, it } from 'vitest';
import { walk, type WalkEdge } from '../../../src/stack/walk.js';

const graph = (entries: Record<string, (string | WalkEdge)[]>) =>
  new Map(Object.entries(entries).map(([node, edges]) => [node, edges.map((e) => (typeof e === 'string' ? { node: e } : e))]));
const never = new AbortController().signal;

describe('walk', () => {
  it('visits a node once what it waits for holds; a milestone frees it before the visit ends', async () => {
    const log: string[] = [];
    await walk({
      graph: graph({ db: [], web: [{ node: 'db', milestone: 'started' }], job: ['web'] }),
      signal: never,
      visit: async ([node], { reach }) => {
        log.push(`begin ${node}`);
        if (node === 'db') {
          reach('db', 'started');
          await new Promise((resolve) => setImmediate(resolve));
        }
        log.push(`end ${node}`);
      },
    });
    expect(log).toEqual(['begin db', 'begin web', 'end web', 'begin job', 'end job', 'end db']);
  });

  it('batch: the nodes freed together are one visit (removal waves)', async () => {
    const batches: string[][] = [];
    await walk({
      graph: graph({ a: ['top'], b: ['top'], c: ['top'], top: [], lone: [] }),
      signal: never,
      batch: true,
      visit: async (nodes) => void batches.push(nodes),
    });
    expect(batches).toEqual([['top', 'lone'], ['a', 'b', 'c']]);
  });

  it('the first failure is what the walk throws; it cancels the rest and fails what waited on it, unvisited', async () => {
    const visited: string[] = [];
    const failures: string[][] = [];
    const run = walk({
      graph: graph({ bad: [], slow: [], after: ['bad'] }),
      signal: never,
      visit: async ([node], { signal }) => {
        visited.push(node!);
        if (node === 'bad') throw new Error('bad failed');
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true }));
      },
      onFailure: (nodes) => failures.push(nodes),
    });
    await expect(run).rejects.toThrow('bad failed');
    expect(visited.sort()).toEqual(['bad', 'slow']);
    // The failing node, then the one that waited on it (with the same error); not the cancelled one.
    expect(failures).toEqual([['bad'], ['after']]);
  });

  it('a cycle (odd labels) is walked without order instead of hanging', async () => {
    const batches: string[][] = [];
    await walk({ graph: graph({ a: ['b'], b: ['a'] }), signal: never, batch: true, visit: async (nodes) => void batches.push(nodes) });
    expect(batches).toEqual([['a', 'b']]);
  });
});
