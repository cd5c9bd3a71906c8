import { describe, expect, it } from 'vitest';
import { waitUntilReady } from '../../../src/readiness/index.js';
import { isTempfsError } from '../../../src/errors.js';
import { FakeEngine } from '../../helpers/fake-engine.js';
import { deadlineWhen, readySpec, rejectionOf } from './spec.js';

describe('exec probe', () => {
  it('runs the command in the container until it exits 0', async () => {
    const engine = new FakeEngine().add('db-1').start('db-1');
    const codes = [2, 1, 0];
    engine.execHandler = () => codes.shift() ?? 99;
    await waitUntilReady({ engine, container: 'db-1', service: 'db', spec: readySpec({ exec: ['pg_isready', '-U', 'app'] }) });
    expect(engine.execCalls).toEqual([
      ['pg_isready', '-U', 'app'],
      ['pg_isready', '-U', 'app'],
      ['pg_isready', '-U', 'app'],
    ]);
  });

  it('times out with the last exit code', async () => {
    const engine = new FakeEngine().add('db-1').start('db-1');
    engine.execHandler = () => 1;
    const deadline = deadlineWhen((p) => p.state === 'last exit code 1');
    const error = await rejectionOf(
      waitUntilReady({ engine, container: 'db-1', service: 'db', spec: readySpec({ exec: ['false'], timeout: 100 }), ...deadline }),
    );
    expect(deadline.asked).toEqual([100]);
    expect(isTempfsError(error, 'READINESS_TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(/^db: not ready after \d+\.\ds: waiting for exec false \(last exit code 1\)$/);
  });
});
