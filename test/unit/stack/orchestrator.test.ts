/**
 * The orchestrator (src/stack) against the in-memory engine: the order of starts and of
 * removals, independent containers created side by side (and capped by `parallel`), a
 * failure that removes what was created, a cancel through the AbortSignal, and `run`.
 */
import { describe, expect, it } from 'vitest';
import { Labels, type CreateRequest } from '../../../src/engine/engine.js';
import type { TempfsEvent } from '../../../src/events.js';
import { down, run, up } from '../../../src/stack/index.js';
import { FakeEngine } from '../../helpers/fake-engine.js';
import { container, deps, project, ready } from '../../helpers/project.js';

/** db (ready when `check` passes) <- web (needs db ready) <- worker (needs web started). */
const chain = () =>
  project('app', [
    container('db', { ready: ready({ exec: ['check'], interval: 1 }) }),
    container('web', { depends_on: deps('db:ready') }),
    container('worker', { depends_on: deps('web') }),
  ]);

function recorder(): { events: TempfsEvent[]; sink: (e: TempfsEvent) => void; index: (service: string, status: string) => number } {
  const events: TempfsEvent[] = [];
  return {
    events,
    sink: (e) => events.push(e),
    index: (service, status) => events.findIndex((e) => e.type === 'container' && e.service === service && e.status === status),
  };
}

const creates = (engine: FakeEngine) => engine.calls.filter((c) => c.startsWith('create ')).map((c) => c.slice('create '.length));
const removals = (engine: FakeEngine) => engine.calls.filter((c) => c.startsWith('rm containers ')).map((c) => c.replace(/^rm containers | grace \d+$/g, ''));

describe('stack up and down', () => {
  it('starts in dependency order, waits for readiness, and removes in reverse order', async () => {
    const engine = new FakeEngine();
    let checks = 0;
    engine.execHandler = () => (++checks < 3 ? 1 : 0); // db is ready at the third check
    const seen = recorder();
    const stack = await up({ engine, project: chain(), events: seen.sink, monitor: false });

    expect(creates(engine)).toEqual(['app-db-1', 'app-web-1', 'app-worker-1']);
    expect(seen.index('db', 'ready')).toBeLessThan(seen.index('web', 'starting'));
    expect(seen.index('web', 'pending')).toBeGreaterThanOrEqual(0);
    expect(stack.containers).toEqual({ db: 'app-db-1', web: 'app-web-1', worker: 'app-worker-1' });
    expect(engine.names()).toEqual(['app-db-1', 'app-web-1', 'app-worker-1']);
    expect(engine.containers.every((c) => c.labels['io.tempfs.session'] === stack.session)).toBe(true);
    expect(engine.networks.map((n) => n.name)).toEqual(['app_default']);

    await stack.down();
    expect(removals(engine)).toEqual(['app-worker-1', 'app-web-1', 'app-db-1']);
    expect(engine.containers).toEqual([]);
    expect(engine.networks).toEqual([]);
    // Once: a second down has nothing more to do.
    await stack.down();
    expect(removals(engine)).toHaveLength(3);
  });

  it('down with keepNetworks leaves the project network, even after the last container (a hold keeps it)', async () => {
    const engine = new FakeEngine();
    const stack = await up({ engine, project: project('app', [container('web')]), monitor: false });
    await stack.down({ keepNetworks: true });
    expect(engine.containers).toEqual([]);
    expect(engine.networks.map((n) => n.name)).toEqual(['app_default']);
  });

  it('creates independent containers side by side, and removes a wave in one call', async () => {
    const engine = new FakeEngine();
    // Each creation is held until all three independent ones are in progress at once.
    let release!: () => void;
    const allThere = new Promise<void>((resolve) => (release = resolve));
    engine.onCreate = async (request: CreateRequest) => {
      if (request.spec.name === 'top') return;
      if (engine.activeCreates === 3) release();
      await allThere;
    };
    const p = project('wide', [
      container('a'),
      container('b'),
      container('c'),
      container('top', { depends_on: deps('a', 'b', 'c') }),
    ]);
    const stack = await up({ engine, project: p, monitor: false });
    expect(engine.maxActiveCreates).toBe(3);
    expect(creates(engine).at(-1)).toBe('wide-top-1');

    await stack.down();
    expect(removals(engine)).toEqual(['wide-top-1', 'wide-a-1 wide-b-1 wide-c-1']);
  });

  it('issues the independent containers while the network is being made, and creates them once it is there', async () => {
    let made!: () => void;
    const issued: string[] = [];
    const engine = new (class extends FakeEngine {
      override async ensureNetwork(name: string, labels: Record<string, string>): Promise<void> {
        await new Promise<void>((resolve) => (made = resolve));
        return super.ensureNetwork(name, labels);
      }
      override createContainer(request: CreateRequest): Promise<string> {
        issued.push(request.name);
        return super.createContainer(request);
      }
    })();
    const app = project('app', [container('a'), container('b'), container('c', { depends_on: deps('a') })]);
    const starting = up({ engine, project: app, monitor: false });
    for (let i = 0; i < 100 && issued.length < 2; i++) await new Promise((r) => setImmediate(r));
    // Both issued, neither created: the network is not there yet. `c` waits for `a` as ever.
    expect(issued.sort()).toEqual(['app-a-1', 'app-b-1']);
    expect(creates(engine)).toEqual([]);
    made();
    await starting;
    expect(creates(engine).sort()).toEqual(['app-a-1', 'app-b-1', 'app-c-1']);
    expect(creates(engine)[2]).toBe('app-c-1');
  });

  it('a network that cannot be made fails the up with its error: the issued containers are never created', async () => {
    let fail!: (error: Error) => void;
    const engine = new (class extends FakeEngine {
      override ensureNetwork(): Promise<void> {
        return new Promise<void>((_, reject) => (fail = reject));
      }
    })();
    const app = project('app', [container('a'), container('b')]);
    const starting = up({ engine, project: app, monitor: false });
    for (let i = 0; i < 100 && !fail; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const reason = new Error('no network for you');
    fail(reason);
    await expect(starting).rejects.toBe(reason);
    expect(creates(engine)).toEqual([]);
    expect(engine.containers).toEqual([]);
  });

  it('a removal that fails is the error of the down, and nothing else goes unhandled', async () => {
    const engine = new (class extends FakeEngine {
      failRemoval = false;
      override async removeContainers(names: string[], graceMs: number): Promise<void> {
        if (this.failRemoval) throw new Error('removal refused');
        return super.removeContainers(names, graceMs);
      }
    })();
    const stack = await up({ engine, project: project('app', [container('web')]), monitor: false });
    engine.failRemoval = true;
    await expect(stack.down()).rejects.toThrow('removal refused');
    // A rejection nobody handles would surface here, before the test ends.
    await new Promise((r) => setTimeout(r, 20));
  });

  it('creates one at a time with parallel: 1', async () => {
    const engine = new FakeEngine();
    engine.onCreate = () => new Promise((resolve) => setImmediate(resolve));
    const stack = await up({ engine, project: project('one', [container('a'), container('b'), container('c')]), parallel: 1, monitor: false });
    expect(engine.maxActiveCreates).toBe(1);
    expect(creates(engine)).toHaveLength(3);
    await stack.down();
    expect(engine.containers).toEqual([]);
  });

  it('a container that fails to start fails the up and removes what was created', async () => {
    const engine = new FakeEngine();
    engine.onCreate = (request) => {
      if (request.spec.name === 'web') throw new Error('image not known: web');
    };
    const seen = recorder();
    await expect(up({ engine, project: chain(), events: seen.sink, monitor: false })).rejects.toThrow('image not known: web');

    expect(creates(engine)).toEqual(['app-db-1', 'app-web-1']); // worker never started
    expect(seen.events).toContainEqual(expect.objectContaining({ type: 'container', service: 'web', status: 'failed', detail: 'image not known: web' }));
    expect(removals(engine)).toEqual(['app-db-1']);
    expect(engine.containers).toEqual([]);
    expect(engine.networks).toEqual([]);
  });

  it('keeps what was created on failure when asked to', async () => {
    const engine = new FakeEngine();
    engine.onCreate = (request) => {
      if (request.spec.name === 'web') throw new Error('port in use');
    };
    await expect(up({ engine, project: chain(), keepOnFailure: true, monitor: false })).rejects.toThrow('port in use');
    expect(engine.names()).toEqual(['app-db-1']);
  });

  it('a cancel through the signal stops the waits, starts nothing more and removes what was started', async () => {
    const engine = new FakeEngine();
    const controller = new AbortController();
    // db never becomes ready; the first readiness check cancels the run.
    engine.execHandler = () => {
      controller.abort(new Error('interrupted'));
      return 1;
    };
    const seen = recorder();
    await expect(up({ engine, project: chain(), signal: controller.signal, events: seen.sink, monitor: false })).rejects.toThrow();

    expect(creates(engine)).toEqual(['app-db-1']);
    expect(engine.containers).toEqual([]);
    expect(engine.networks).toEqual([]);
    // A user's cancel is not a failure of a container.
    expect(seen.index('db', 'failed')).toBe(-1);
  });

  it('down removes every session of the project in reverse order and reports what went', async () => {
    const engine = new FakeEngine();
    const p = chain();
    engine.execHandler = () => 0;
    await up({ engine, project: p, monitor: false });
    const report = await down({ engine, project: p, monitor: false });
    expect(removals(engine)).toEqual(['app-worker-1', 'app-web-1', 'app-db-1']);
    expect(report).toEqual({ containers: ['app-db-1', 'app-web-1', 'app-worker-1'], networks: ['app_default'], volumes: [] });
    expect(await down({ engine, project: null, projectName: 'app', monitor: false })).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('down of containers that need no order is one removal by label, with no listing before it', async () => {
    const engine = new FakeEngine();
    const p = project('app', [container('a'), container('b')]);
    await up({ engine, project: p, monitor: false });
    engine.calls.length = 0;
    const report = await down({ engine, project: p, monitor: false });
    // Then the networks, pruned by label: no volume or network listing beside the `rm`.
    expect(engine.calls).toEqual(['rm labelled project=app grace 10000', 'prune networks project=app']);
    expect(report).toEqual({ containers: ['app-a-1', 'app-b-1'], networks: ['app_default'], volumes: [] });
    expect(engine.containers).toEqual([]);
    expect(engine.networks).toEqual([]);
  });

  it('down finds a Pod no session announced when the network it holds does not go, then removes both', async () => {
    const engine = new FakeEngine();
    const p = project('app', [container('a')]);
    await up({ engine, project: p, monitor: false });
    engine.pods.push({ name: 'app-pod', labels: { [Labels.project]: 'app' }, network: 'app_default' });
    engine.calls.length = 0;
    const report = await down({ engine, project: p, monitor: false });
    expect(engine.calls).toEqual([
      'rm labelled project=app grace 10000',
      'prune networks project=app',
      'ls pods',
      'rm pods app-pod',
      'ls volumes',
      'prune networks project=app',
    ]);
    expect(report.networks).toEqual(['app_default']);
    expect([engine.containers, engine.networks, engine.pods]).toEqual([[], [], []]);
  });
});

describe('stack run', () => {
  it('starts the dependencies, runs the one-off, returns its exit code and removes everything', async () => {
    const engine = new FakeEngine();
    engine.execHandler = (_argv, name) => (name.startsWith('app-worker-run-') ? 7 : 0);
    const result = await run({ engine, project: chain(), service: 'worker', command: ['make', 'test'], monitor: false });

    expect(result.exitCode).toBe(7);
    const made = creates(engine);
    expect(made.slice(0, 2)).toEqual(['app-db-1', 'app-web-1']);
    expect(made[2]).toMatch(/^app-worker-run-[0-9a-f]{6}$/);
    expect(engine.containers).toEqual([]);
    expect(engine.networks).toEqual([]);
  });
});
