/**
 * The cheap paths of waitUntilReady: a container this run created (`fresh`) needs no
 * inspect to find where its start begins, and an exit before ready is seen through the
 * end of the log stream (one inspect for the code) rather than a `podman wait` beside
 * every wait; a container that removes itself (`autoRemove`) is still watched by `wait`.
 */
import { describe, expect, it } from 'vitest';
import { waitUntilReady } from '../../../src/readiness/index.js';
import type { TempfsError } from '../../../src/errors.js';
import { FakeEngine } from '../../helpers/fake-engine.js';
import { readySpec, rejectionOf } from './spec.js';

/** The fake engine, counting the calls that cost a podman process each. */
class CountingEngine extends FakeEngine {
  readonly counts = { inspectRaw: 0, inspectContainer: 0, waitContainer: 0 };

  override inspectRaw(name: string) {
    this.counts.inspectRaw += 1;
    return super.inspectRaw(name);
  }

  override inspectContainer(name: string) {
    this.counts.inspectContainer += 1;
    return super.inspectContainer(name);
  }

  override waitContainer(name: string, signal?: AbortSignal) {
    this.counts.waitContainer += 1;
    return super.waitContainer(name, signal);
  }
}

describe('waitUntilReady, fresh containers and exits', () => {
  it('fresh: follows the whole log without an inspect, and starts no podman wait', async () => {
    const engine = new CountingEngine().add('web-1').start('web-1').print('web-1', 'listening on 80');
    await waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'listening on' }), fresh: true });
    expect(engine.counts).toEqual({ inspectRaw: 0, inspectContainer: 0, waitContainer: 0 });
  });

  it('not fresh: a restarted container is inspected and its earlier run does not count', async () => {
    const engine = new CountingEngine().add('web-1').start('web-1');
    engine.print('web-1', 'listening on 80').exit('web-1', 0).start('web-1').print('web-1', 'second run');
    const error = (await rejectionOf(
      waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'listening on', timeout: 150 }) }),
    )) as TempfsError;
    expect(error.code).toBe('READINESS_TIMEOUT');
    expect(error.details).toEqual(['second run']);
    expect(engine.counts.inspectRaw).toBe(1);
  });

  it('an exit before ready is read when the log stream ends: the code, its lines, no podman wait', async () => {
    const engine = new CountingEngine().add('web-1').start('web-1');
    const wait = waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'listening on', timeout: 60_000 }), fresh: true });
    engine.print('web-1', 'fatal: no config').exit('web-1', 3);
    const error = (await rejectionOf(wait)) as TempfsError;
    expect(error.code).toBe('CONTAINER_EXITED');
    expect(error.message).toMatch(/^web: exited with code 3 after \d+\.\ds, before it was ready/);
    expect(error.details).toEqual(['fatal: no config']);
    expect(engine.counts).toEqual({ inspectRaw: 0, inspectContainer: 1, waitContainer: 0 });
  });

  it('a container removed under the wait is reported as removed', async () => {
    const engine = new CountingEngine().add('web-1').start('web-1');
    const wait = waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'x', timeout: 60_000 }), fresh: true });
    engine.remove('web-1');
    const error = (await rejectionOf(wait)) as TempfsError;
    expect(error.code).toBe('CONTAINER_EXITED');
    expect(error.message).toMatch(/^web: was removed after/);
  });

  it('autoRemove: podman wait watches the exit, so the code is known even once the container is gone', async () => {
    const engine = new CountingEngine().add('eph-1').start('eph-1');
    const wait = waitUntilReady({ engine, container: 'eph-1', service: 'eph', spec: readySpec({ log: 'x', timeout: 60_000 }), fresh: true, autoRemove: true });
    engine.exit('eph-1', 4);
    const error = (await rejectionOf(wait)) as TempfsError;
    expect(error.message).toMatch(/^eph: exited with code 4 after/);
    expect(engine.counts.waitContainer).toBeGreaterThan(0);
  });
});
