import { describe, expect, it, vi } from 'vitest';
import { waitForCondition } from '../../../src/readiness/index.js';
import { Labels } from '../../../src/engine/engine.js';
import type { TempfsError } from '../../../src/errors.js';
import { FakeEngine } from '../../helpers/fake-engine.js';
import { readySpec, rejectionOf } from './spec.js';

const labels = { [Labels.service]: 'migrate' };

describe('waitForCondition', () => {
  it('started: waits while the container is only created, then passes', async () => {
    const engine = new FakeEngine().add('app-migrate-1', { labels });
    const inspect = engine.inspectContainer.bind(engine);
    let looks = 0;
    engine.inspectContainer = (name) => ((looks += 1), inspect(name));
    let settled = false;
    // The dependency's ready spec sets the pause between looks (10 ms here; 250 ms without one).
    const wait = waitForCondition(engine, 'app-migrate-1', 'started', readySpec()).finally(() => (settled = true));
    await vi.waitFor(() => expect(looks).toBeGreaterThan(3), { interval: 5 });
    expect(settled).toBe(false);
    engine.start('app-migrate-1');
    await wait;
  });

  it('started: an already exited container counts', async () => {
    const engine = new FakeEngine().add('app-migrate-1', { labels }).start('app-migrate-1').exit('app-migrate-1', 5);
    await expect(waitForCondition(engine, 'app-migrate-1', 'started', null)).resolves.toBeUndefined();
  });

  it('completed_successfully: exit 0 passes', async () => {
    const engine = new FakeEngine().add('app-migrate-1', { labels }).start('app-migrate-1');
    const wait = waitForCondition(engine, 'app-migrate-1', 'completed_successfully', null);
    engine.exit('app-migrate-1', 0);
    await expect(wait).resolves.toBeUndefined();
  });

  it('completed_successfully: a non-zero exit is DEPENDENCY_FAILED naming the service and code', async () => {
    const engine = new FakeEngine().add('app-migrate-1', { labels }).start('app-migrate-1');
    const wait = waitForCondition(engine, 'app-migrate-1', 'completed_successfully', readySpec());
    engine.print('app-migrate-1', 'relation "users" already exists').exit('app-migrate-1', 3);
    const error = (await rejectionOf(wait)) as TempfsError;
    expect(error.code).toBe('DEPENDENCY_FAILED');
    expect(error.message).toBe('migrate exited with code 3');
    expect(error.details).toEqual(['relation "users" already exists']);
  });

  it('ready: runs the probes of the spec', async () => {
    const engine = new FakeEngine().add('app-db-1', { labels: { [Labels.service]: 'db' } }).start('app-db-1');
    const wait = waitForCondition(engine, 'app-db-1', 'ready', readySpec({ log: 'accepting connections', timeout: 100 }));
    const error = (await rejectionOf(wait)) as TempfsError;
    expect(error.code).toBe('READINESS_TIMEOUT');
    expect(error.message).toMatch(/^db: not ready after/);
    engine.print('app-db-1', 'accepting connections');
    await waitForCondition(engine, 'app-db-1', 'ready', readySpec({ log: 'accepting connections' }));
  });

  it('ready without a spec: running is enough; exited is CONTAINER_EXITED', async () => {
    const engine = new FakeEngine().add('app-web-1').start('app-web-1');
    await waitForCondition(engine, 'app-web-1', 'ready', null, undefined, { service: 'web' });
    engine.exit('app-web-1', 137);
    const error = (await rejectionOf(waitForCondition(engine, 'app-web-1', 'ready', null, undefined, { service: 'web' }))) as TempfsError;
    expect(error.code).toBe('CONTAINER_EXITED');
    expect(error.message).toBe('web: exited with code 137 before it was ready');
  });

  it('rejects with the signal reason when cancelled', async () => {
    const engine = new FakeEngine().add('app-migrate-1', { labels }).start('app-migrate-1');
    const controller = new AbortController();
    const wait = waitForCondition(engine, 'app-migrate-1', 'completed_successfully', null, controller.signal);
    const reason = new Error('SIGTERM');
    controller.abort(reason);
    expect(await rejectionOf(wait)).toBe(reason);
  });
});
