import { describe, expect, it } from 'vitest';
import type { ContainerEngine, LabelFilter } from '../../../src/engine/engine.js';
import { LazyEngine } from '../../../src/monitor/lazy-engine.js';
import { FakeEngine } from '../../helpers/fake-engine.js';

describe('LazyEngine', () => {
  it('loads the real engine on first use only, once, and forwards the calls', async () => {
    const real = new FakeEngine();
    real.networks = [{ name: 'p_default', labels: { 'io.tempfs.session': 's1' } }];
    let loads = 0;
    const engine = new LazyEngine(async () => {
      loads += 1;
      return real;
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([engine.listNetworks({ session: 's1' }), engine.version()]);
    expect(a).toEqual(['p_default']);
    expect(b).toBe('4.3.1');
    await engine.removeNetwork('p_default');
    expect(loads).toBe(1);
    expect(await engine.listNetworks({ session: 's1' })).toEqual([]);
  });

  it('removes by label through the engine, or by a listing where the engine cannot, and preloads on demand', async () => {
    const real = new FakeEngine();
    real.containers = [{ name: 'a', labels: { 'io.tempfs.session': 's1' } }, { name: 'b', labels: { 'io.tempfs.session': 's2' } }];
    let loads = 0;
    const engine = new LazyEngine(async () => {
      loads += 1;
      return real;
    });
    engine.preload();
    await engine.removeLabelled({ session: 's1' }, 0);
    expect(loads).toBe(1);
    expect(real.calls).toEqual(['rm labelled session=s1 grace 0']);
    // An engine without it (a test fake of an older shape): a listing, then the removal.
    const bare = new FakeEngine();
    bare.containers = [{ name: 'c', labels: { 'io.tempfs.session': 's1' } }];
    const older = {
      listContainers: (filter: LabelFilter) => bare.listContainers(filter),
      removeContainers: (names: string[], graceMs: number) => bare.removeContainers(names, graceMs),
    } as unknown as ContainerEngine;
    await new LazyEngine(async () => older).removeLabelled({ session: 's1' }, 0);
    expect(bare.calls).toEqual(['ls containers', 'rm containers c grace 0']);
    expect(bare.containers).toEqual([]);
  });

  it('passes a failure to load on to the caller', async () => {
    const engine = new LazyEngine(async () => {
      throw new Error('cannot load');
    });
    await expect(engine.listContainers({ session: 's1' })).rejects.toThrow('cannot load');
  });
});
