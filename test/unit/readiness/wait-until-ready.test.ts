import { describe, expect, it, vi } from 'vitest';
import { waitUntilReady } from '../../../src/readiness/index.js';
import { isTempfsError, type TempfsError } from '../../../src/errors.js';
import { FakeEngine } from '../../helpers/fake-engine.js';
import { deadlineWhen, readySpec, rejectionOf } from './spec.js';

describe('waitUntilReady', () => {
  it('needs every listed probe to pass', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1').print('web-1', 'listening on 80');
    let execReady = false;
    engine.execHandler = () => (execReady ? 0 : 1);
    let settled = false;
    const wait = waitUntilReady({
      engine,
      container: 'web-1',
      service: 'web',
      spec: readySpec({ log: 'listening on', exec: ['check'] }),
    }).finally(() => (settled = true));
    await vi.waitFor(() => expect(engine.execCalls.length).toBeGreaterThan(2));
    expect(settled).toBe(false);
    execReady = true;
    await wait;
  });

  it('fails at once when the container exits before it is ready, with its last 20 lines', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1');
    const wait = waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'listening on', timeout: 60_000 }) });
    for (let i = 1; i <= 25; i += 1) engine.print('web-1', `line ${i}`);
    engine.exit('web-1', 3);
    const error = (await rejectionOf(wait)) as TempfsError;
    expect(isTempfsError(error, 'CONTAINER_EXITED')).toBe(true);
    expect(error.message).toMatch(
      /^web: exited with code 3 after \d+\.\ds, before it was ready \(waiting for log \/listening on\/ \(0 of 1 matches\)\)$/,
    );
    expect(error.details).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 6}`));
  });

  it('fails at once for a container that already exited', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1').print('web-1', 'fatal: no config').exit('web-1', 1);
    const error = (await rejectionOf(
      waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ exec: ['true'], timeout: 60_000 }) }),
    )) as TempfsError;
    expect(error.code).toBe('CONTAINER_EXITED');
    expect(error.message).toMatch(/^web: exited with code 1 after/);
    expect(error.details).toEqual(['fatal: no config']);
  });

  it('fails at once when the container is removed', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1');
    const wait = waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'x', timeout: 60_000 }) });
    engine.remove('web-1');
    const error = (await rejectionOf(wait)) as TempfsError;
    expect(error.code).toBe('CONTAINER_EXITED');
    expect(error.message).toMatch(/^web: was removed after/);
  });

  it('does not take a container that is only created for an exited one', async () => {
    const engine = new FakeEngine().add('web-1');
    let settled = false;
    const logs = engine.logs.bind(engine);
    let following = false;
    engine.logs = (name, options) => ((following ||= options?.follow === true), logs(name, options));
    const wait = waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'listening on' }) }).finally(() => (settled = true));
    // Once it follows the created container's log, and a turn of the event loop later, it must still be waiting.
    await vi.waitFor(() => expect(following).toBe(true), { interval: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    engine.start('web-1').print('web-1', 'listening on 80');
    await expect(wait).resolves.toBeUndefined();
  });

  it('names the service, the pending probes and the elapsed time on timeout', async () => {
    const engine = new FakeEngine().add('sandbox-1').start('sandbox-1');
    engine.execHandler = () => 1;
    let clock = 1_000;
    const wait = waitUntilReady({
      engine,
      container: 'sandbox-1',
      service: 'sandbox',
      spec: readySpec({ log: 'listening on', exec: ['test', '-f', '/ready'], timeout: 100 }),
      now: () => clock,
    });
    clock += 60_000;
    engine.print('sandbox-1', 'starting');
    const error = (await rejectionOf(wait)) as TempfsError;
    expect(error.code).toBe('READINESS_TIMEOUT');
    expect(error.message).toBe(
      'sandbox: not ready after 1m00s: waiting for log /listening on/ (0 of 1 matches), exec test -f /ready (last exit code 1)',
    );
    expect(error.details).toEqual(['starting']);
  });

  it('lists only the probes still pending', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1').print('web-1', 'listening on 80');
    engine.execHandler = () => 1;
    // Over once the log probe has passed and the exec probe has failed.
    const seen = new Set<string>();
    const deadline = deadlineWhen((p) => {
      if (p.passed) seen.add(p.probe);
      if (p.state === 'last exit code 1') seen.add('exec failed');
      return seen.has('log') && seen.has('exec failed');
    });
    const error = await rejectionOf(
      waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec({ log: 'listening', exec: ['check'], timeout: 100 }), ...deadline }),
    );
    expect((error as Error).message).toMatch(/waiting for exec check \(last exit code 1\)$/);
  });

  it('rejects with the signal reason on a user abort, not as a timeout', async () => {
    const engine = new FakeEngine().add('web-1').start('web-1');
    const controller = new AbortController();
    const reason = new Error('interrupted');
    const wait = waitUntilReady({
      engine,
      container: 'web-1',
      service: 'web',
      spec: readySpec({ log: 'never', exec: ['check'], timeout: 60_000 }),
      signal: controller.signal,
    });
    engine.execHandler = () => 1;
    await vi.waitFor(() => expect(engine.execCalls.length).toBeGreaterThan(0));
    controller.abort(reason);
    expect(await rejectionOf(wait)).toBe(reason);
  });

  it('treats a spec without probes as ready once running', async () => {
    const engine = new FakeEngine().add('web-1');
    const wait = waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec() });
    engine.start('web-1');
    await wait;
    engine.exit('web-1', 2);
    const error = await rejectionOf(waitUntilReady({ engine, container: 'web-1', service: 'web', spec: readySpec() }));
    expect((error as Error).message).toBe('web: exited with code 2 before it was ready');
  });
});
