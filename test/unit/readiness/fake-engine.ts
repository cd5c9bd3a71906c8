/**
 * A small in-memory ContainerEngine for the pure readiness tests (the integration tier
 * uses real Podman). It keeps Podman's observable rules that readiness relies on:
 * `logs --since` drops lines stamped earlier, `logs -f` ends when the container stops,
 * `wait` fails for a container that does not exist and returns 0 at once for one that is
 * only created, FinishedAt is year 1 until a run ends.
 * Time is a millisecond counter advanced by every event, so each line has a distinct
 * timestamp. Like Podman, `start` takes a while (100 ms) and records StartedAt only
 * after the process runs: the first line printed after it is stamped just before StartedAt.
 */
import { EventEmitter, once } from 'node:events';
import type {
  ContainerEngine,
  ContainerInfo,
  ContainerState,
  ExecOptions,
  ExecResult,
  LogLine,
  LogOptions,
  PublishedPort,
} from '../../../src/engine/engine.js';

const NEVER = '0001-01-01T00:00:00Z';

interface FakeContainer {
  name: string;
  state: ContainerState;
  exitCode: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  lines: { time: number; stream: LogLine['stream']; line: string }[];
  labels: Record<string, string>;
  ports: PublishedPort[];
}

export class FakeEngine implements ContainerEngine {
  /** Exit code of `exec` calls; may inspect the argv. */
  execHandler: (argv: string[]) => number = () => 0;
  readonly execCalls: string[][] = [];
  private clock = Date.UTC(2025, 0, 1);
  private readonly containers = new Map<string, FakeContainer>();
  private readonly changes = new EventEmitter().setMaxListeners(0);

  add(name: string, options: { labels?: Record<string, string>; ports?: PublishedPort[] } = {}): this {
    this.containers.set(name, {
      name,
      state: 'created',
      exitCode: null,
      startedAt: null,
      finishedAt: null,
      lines: [],
      labels: options.labels ?? {},
      ports: options.ports ?? [],
    });
    return this;
  }

  start(name: string): this {
    const c = this.must(name);
    this.clock += 100;
    Object.assign(c, { state: 'running', exitCode: null, startedAt: this.clock + 2 });
    return this.changed();
  }

  print(name: string, line: string, stream: LogLine['stream'] = 'stdout'): this {
    this.must(name).lines.push({ time: this.tick(), stream, line });
    return this.changed();
  }

  exit(name: string, code: number): this {
    Object.assign(this.must(name), { state: 'exited', exitCode: code, finishedAt: this.tick() });
    return this.changed();
  }

  remove(name: string): this {
    this.containers.delete(name);
    return this.changed();
  }

  async inspectContainer(name: string): Promise<ContainerInfo | null> {
    const c = this.containers.get(name);
    if (!c) return null;
    const { state, exitCode, labels, ports } = c;
    return { id: name, name, image: 'fake', state, exitCode, labels, ports, startedAt: iso(c.startedAt) };
  }

  async inspectRaw(name: string): Promise<Record<string, unknown> | null> {
    const c = this.containers.get(name);
    if (!c) return null;
    return { State: { Status: c.state, ExitCode: c.exitCode ?? 0, StartedAt: iso(c.startedAt) ?? NEVER, FinishedAt: iso(c.finishedAt) ?? NEVER } };
  }

  async startAttached(): Promise<ExecResult> {
    throw new Error('the readiness fake does not attach');
  }

  async waitContainer(name: string, signal?: AbortSignal): Promise<number> {
    for (;;) {
      const c = this.containers.get(name);
      if (!c) throw new Error(`no container with name or ID "${name}" found`);
      if (c.state === 'exited' || c.state === 'created') return c.exitCode ?? 0;
      await once(this.changes, 'change', { signal });
    }
  }

  async *logs(name: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    const c = this.must(name);
    const since = options.since === undefined ? -Infinity : Date.parse(options.since);
    if (!options.follow) {
      const lines = c.lines.filter((l) => l.time >= since).map(({ stream, line }) => ({ stream, line }));
      yield* options.tail === undefined ? lines : lines.slice(-options.tail);
      return;
    }
    for (let i = 0; ; ) {
      while (i < c.lines.length) {
        const { time, stream, line } = c.lines[i++]!;
        if (time >= since) yield { stream, line };
      }
      const stopped = this.containers.get(name) !== c || c.state === 'exited';
      if (stopped) return;
      await once(this.changes, 'change', { signal: options.signal });
    }
  }

  async exec(name: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    options.signal?.throwIfAborted();
    if (this.must(name).state !== 'running') throw new Error(`container ${name} is not running`);
    this.execCalls.push(argv);
    return { exitCode: this.execHandler(argv), stdout: '', stderr: '' };
  }

  version = unused;
  ensureNetwork = unused;
  removeNetwork = unused;
  ensureVolume = unused;
  removeVolume = unused;
  listVolumes = unused;
  listNetworks = unused;
  createContainer = unused;
  startContainer = unused;
  removeContainers = unused;
  listContainers = unused;
  imageExists = unused;
  playKube = unused;
  listPods = unused;
  removePods = unused;

  private must(name: string): FakeContainer {
    const c = this.containers.get(name);
    if (!c) throw new Error(`no container with name or ID "${name}" found`);
    return c;
  }

  private tick(): number {
    this.clock += 1;
    return this.clock;
  }

  private changed(): this {
    this.changes.emit('change');
    return this;
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

async function unused(): Promise<never> {
  throw new Error('not used by readiness');
}
