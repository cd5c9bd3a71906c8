import { describe, expect, it, vi } from 'vitest';
import { waitUntilReady, type ReadinessProgress } from '../../../src/readiness/index.js';
import { isTempfsError } from '../../../src/errors.js';
import { FakeEngine } from '../../helpers/fake-engine.js';
import { readySpec, rejectionOf } from './spec.js';

describe('log probe', () => {
  it('passes after `times` matching lines, on stdout and stderr alike', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1');
    const progress: ReadinessProgress[] = [];
    let settled = false;
    const wait = waitUntilReady({
      engine,
      container: 'web-1',
      service: 'web',
      spec: readySpec({ log: 'listening on', times: 2 }),
      onProgress: (p) => progress.push(p),
    }).finally(() => (settled = true));

    engine.print('web-1', 'booting').print('web-1', 'http listening on :80', 'stderr');
    await vi.waitFor(() => expect(progress.at(-1)?.state).toBe('1 of 2 matches'));
    expect(settled).toBe(false);
    engine.print('web-1', 'grpc listening on :90');
    await wait;
    expect(progress.at(-1)).toMatchObject({ probe: 'log', detail: 'log /listening on/ passed', passed: true });
    expect(progress[0]).toMatchObject({ probe: 'log', detail: 'waiting for log /listening on/', passed: false });
  });

  it('counts lines printed before the wait began when this is the first start', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1').print('web-1', 'listening on 80');
    await expect(waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'listening on' }) })).resolves.toBeUndefined();
  });

  it('ignores lines from an earlier run of the same container', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1');
    engine.print('web-1', 'listening on 80').print('web-1', 'listening on 80').exit('web-1', 0).start('web-1');
    const error = await rejectionOf(
      waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'listening on', timeout: 150 }) }),
    );
    expect(isTempfsError(error, 'READINESS_TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(/^web: not ready after \d+\.\ds: waiting for log \/listening on\/ \(0 of 1 matches\)$/);
    // Only this run's output is in the details.
    expect((error as { details: string[] }).details).toEqual([]);
  });

  it('passes on matches printed after a restart, the first stamped just before StartedAt', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1');
    engine.print('web-1', 'listening on 80').exit('web-1', 0).start('web-1');
    const wait = waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'listening on', times: 2 }) });
    engine.print('web-1', 'listening on 80');
    engine.print('web-1', 'listening on 81');
    await expect(wait).resolves.toBeUndefined();
  });

  it('rejects a regular expression that does not compile', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1');
    const error = await rejectionOf(waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'a(' }) }));
    expect(isTempfsError(error, 'RECIPE_INVALID')).toBe(true);
  });
});
