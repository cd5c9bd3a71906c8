import { describe, expect, it } from 'vitest';
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

  it('removes by label through the engine, and preloads on demand', async () => {
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
  });

  it('passes a failure to load on to the caller', async () => {
    const engine = new LazyEngine(async () => {
      throw new Error('cannot load');
    });
    await expect(engine.listContainers({ session: 's1' })).rejects.toThrow('cannot load');
  });
});
