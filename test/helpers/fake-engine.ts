/**
 * The one in-memory ContainerEngine of the unit tests (the integration tier uses real
 * Podman). It keeps the rules of Podman that the layers above rely on:
 * - label filters: every label of the filter must match, for every kind of object;
 * - `logs --since` drops lines stamped earlier, `logs -f` ends when the container stops;
 * - `wait` fails for a container that does not exist and returns 0 at once for one that is
 *   only created; FinishedAt is year 1 until a run ends;
 * - `start` takes a while (100 ms of the fake clock) and records StartedAt only after the
 *   process runs: the first line printed after it is stamped just before StartedAt.
 * Time is a millisecond counter advanced by every event, so each line has a distinct stamp.
 *
 * Objects can be set directly (`engine.containers = [{ name, labels }]`) or through the
 * helpers (`add`, `start`, `print`, `exit`, `remove`); what the engine is asked to do is
 * recorded in `calls`, and failures, slow creations and exec results are injectable.
 */
import { EventEmitter, once } from 'node:events';
import {
  Labels,
  type ContainerEngine,
  type ContainerInfo,
  type ContainerState,
  type CreateRequest,
  type ExecOptions,
  type ExecResult,
  type LabelFilter,
  type LogLine,
  type LogOptions,
  type PublishedPort,
} from '../../src/engine/engine.js';

const NEVER = '0001-01-01T00:00:00Z';

export interface FakeContainer {
  name: string;
  labels: Record<string, string>;
  /** Default: running. */
  state?: ContainerState;
  exitCode?: number | null;
  startedAt?: number | null;
  finishedAt?: number | null;
  lines?: { time: number; stream: LogLine['stream']; line: string }[];
  ports?: PublishedPort[];
}

export interface FakeObject {
  name: string;
  labels: Record<string, string>;
}

/** Every label of the filter must match, as the ContainerEngine contract says for every kind. */
function matches(labels: Record<string, string>, filter: LabelFilter): boolean {
  return Object.entries(filter).every(([k, v]) => labels[Labels[k as keyof typeof Labels]] === v);
}

export class FakeEngine implements ContainerEngine {
  containers: FakeContainer[] = [];
  volumes: FakeObject[] = [];
  networks: FakeObject[] = [];
  /** Pods (`kube --play`); each holds the network it names, as its infra container does. */
  pods: (FakeObject & { network: string })[] = [];
  /** What was asked, in order: `ls containers`, `create NAME`, `rm containers A B grace MS`, ... */
  calls: string[] = [];
  /** Fail this many recorded calls of any kind before working again. */
  failNext = 0;
  versionError: Error | null = null;
  /** Run once after the first listContainers call (to add objects "late"). */
  afterFirstList: (() => void) | null = null;
  /** Exit code of `exec` calls; may inspect the argv. */
  execHandler: (argv: string[], name: string) => number = () => 0;
  readonly execCalls: string[][] = [];
  /** Runs inside createContainer before the container exists: may wait (a slow create) or throw (a failing one). */
  onCreate: (request: CreateRequest) => Promise<void> | void = () => {};
  /** Creations in progress now, and the most there ever were at once. */
  activeCreates = 0;
  maxActiveCreates = 0;
  private clock = Date.UTC(2025, 0, 1);
  private readonly changes = new EventEmitter().setMaxListeners(0);

  // Helpers for tests that drive a container's life by hand.

  add(name: string, options: { labels?: Record<string, string>; ports?: PublishedPort[] } = {}): this {
    this.containers.push({ name, state: 'created', exitCode: null, startedAt: null, finishedAt: null, lines: [], labels: options.labels ?? {}, ports: options.ports ?? [] });
    return this;
  }

  start(name: string): this {
    const c = this.must(name);
    this.clock += 100;
    Object.assign(c, { state: 'running', exitCode: null, startedAt: this.clock + 2 });
    return this.changed();
  }

  print(name: string, line: string, stream: LogLine['stream'] = 'stdout'): this {
    const c = this.must(name);
    (c.lines ??= []).push({ time: this.tick(), stream, line });
    return this.changed();
  }

  exit(name: string, code: number): this {
    Object.assign(this.must(name), { state: 'exited', exitCode: code, finishedAt: this.tick() });
    return this.changed();
  }

  remove(name: string): this {
    this.containers = this.containers.filter((c) => c.name !== name);
    return this.changed();
  }

  /** Names of the containers there are, in creation order. */
  names(): string[] {
    return this.containers.map((c) => c.name);
  }

  // The ContainerEngine.

  async version(): Promise<string> {
    if (this.versionError) throw this.versionError;
    return '4.3.1';
  }

  async ensureNetwork(name: string, labels: Record<string, string>): Promise<void> {
    if (!this.networks.some((n) => n.name === name)) this.networks.push({ name, labels });
  }

  async removeNetwork(name: string): Promise<void> {
    this.step(`rm network ${name}`);
    this.networks = this.networks.filter((n) => n.name !== name);
  }

  async ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    if (!this.volumes.some((v) => v.name === name)) this.volumes.push({ name, labels });
  }

  async removeVolume(name: string): Promise<void> {
    this.step(`rm volume ${name}`);
    this.volumes = this.volumes.filter((v) => v.name !== name);
  }

  async listVolumes(filter: LabelFilter): Promise<string[]> {
    this.step('ls volumes');
    return this.volumes.filter((v) => matches(v.labels, filter)).map((v) => v.name);
  }

  async listNetworks(filter: LabelFilter): Promise<string[]> {
    this.step('ls networks');
    return this.networks.filter((n) => matches(n.labels, filter)).map((n) => n.name);
  }

  /** Networks are not attached to containers here: a prune finds none in use while any container of the filter remains. */
  async pruneNetworks(filter: LabelFilter, options: { after?: Promise<unknown> } = {}): Promise<string[]> {
    if (options.after) await options.after;
    const entries = Object.entries(filter).filter(([, v]) => v !== undefined);
    this.step(`prune networks ${entries.map(([k, v]) => `${k}=${v}`).join(' ')}`);
    if (entries.length === 0) throw new Error('a removal by label needs at least one label');
    if (this.containers.some((c) => matches(c.labels, filter))) return [];
    const held = new Set(this.pods.map((p) => p.network));
    const gone = this.networks.filter((n) => matches(n.labels, filter) && !held.has(n.name)).map((n) => n.name);
    this.networks = this.networks.filter((n) => !gone.includes(n.name));
    return gone;
  }

  async createContainer(request: CreateRequest): Promise<string> {
    // Issued early, gated on what it needs (the networks): created only once that is there.
    if (request.after) await request.after;
    this.step(`create ${request.name}`);
    this.activeCreates++;
    this.maxActiveCreates = Math.max(this.maxActiveCreates, this.activeCreates);
    try {
      await this.onCreate(request);
    } finally {
      this.activeCreates--;
    }
    if (this.containers.some((c) => c.name === request.name)) throw new Error(`the container name "${request.name}" is already in use`);
    const labels = { [Labels.project]: request.project, [Labels.session]: request.session, [Labels.service]: request.spec.name, ...request.labels };
    this.add(request.name, { labels });
    if (request.start) this.start(request.name);
    return request.name;
  }

  async startContainer(name: string): Promise<void> {
    this.step(`start ${name}`);
    this.start(name);
  }

  async removeContainers(names: string[], graceMs: number): Promise<void> {
    this.step(`rm containers ${names.join(' ')} grace ${graceMs}`);
    this.containers = this.containers.filter((c) => !names.includes(c.name));
    this.changed();
  }

  async removeLabelled(filter: LabelFilter, graceMs: number): Promise<string[]> {
    const entries = Object.entries(filter).filter(([, v]) => v !== undefined);
    this.step(`rm labelled ${entries.map(([k, v]) => `${k}=${v}`).join(' ')} grace ${graceMs}`);
    if (entries.length === 0) throw new Error('a removal by label needs at least one label');
    const gone = this.containers.filter((c) => matches(c.labels, filter)).map((c) => c.name);
    this.containers = this.containers.filter((c) => !gone.includes(c.name));
    this.changed();
    return gone;
  }

  async listContainers(filter: LabelFilter): Promise<ContainerInfo[]> {
    this.step('ls containers');
    const found = this.containers.filter((c) => matches(c.labels, filter));
    const hook = this.afterFirstList;
    this.afterFirstList = null;
    hook?.();
    return found.map((c) => info(c));
  }

  async inspectContainer(name: string): Promise<ContainerInfo | null> {
    const c = this.find(name);
    return c ? info(c) : null;
  }

  async inspectRaw(name: string): Promise<Record<string, unknown> | null> {
    const c = this.find(name);
    if (!c) return null;
    return { State: { Status: c.state ?? 'running', ExitCode: c.exitCode ?? 0, StartedAt: iso(c.startedAt) ?? NEVER, FinishedAt: iso(c.finishedAt) ?? NEVER } };
  }

  /** Runs the one-off: it exits at once with what `execHandler` says of its (empty) command. */
  async startAttached(name: string): Promise<ExecResult> {
    this.step(`attach ${name}`);
    this.start(name);
    const code = this.execHandler([], name);
    this.exit(name, code);
    return { exitCode: code, stdout: '', stderr: '' };
  }

  async waitContainer(name: string, signal?: AbortSignal): Promise<number> {
    for (;;) {
      const c = this.find(name);
      if (!c) throw new Error(`no container with name or ID "${name}" found`);
      if (c.state === 'exited' || c.state === 'created') return c.exitCode ?? 0;
      await once(this.changes, 'change', { signal });
    }
  }

  async *logs(name: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    const c = this.must(name);
    const lines = (c.lines ??= []);
    const since = options.since === undefined ? -Infinity : Date.parse(options.since);
    if (!options.follow) {
      const shown = lines.filter((l) => l.time >= since).map(({ stream, line }) => ({ stream, line }));
      yield* options.tail === undefined ? shown : shown.slice(-options.tail);
      return;
    }
    for (let i = 0; ; ) {
      while (i < lines.length) {
        const { time, stream, line } = lines[i++]!;
        if (time >= since) yield { stream, line };
      }
      const stopped = !this.containers.includes(c) || c.state === 'exited';
      if (stopped) return;
      await once(this.changes, 'change', { signal: options.signal });
    }
  }

  async exec(name: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    options.signal?.throwIfAborted();
    if ((this.must(name).state ?? 'running') !== 'running') throw new Error(`container ${name} is not running`);
    this.execCalls.push(argv);
    return { exitCode: this.execHandler(argv, name), stdout: '', stderr: '' };
  }

  async copy(): Promise<void> {
    throw new Error('FakeEngine does not copy files');
  }

  async imageExists(): Promise<boolean> {
    return true;
  }

  async playKube(): Promise<void> {
    throw new Error('the fake engine does not play manifests');
  }

  async listPods(filter: LabelFilter): Promise<string[]> {
    this.step('ls pods');
    return this.pods.filter((p) => matches(p.labels, filter)).map((p) => p.name);
  }

  async removePods(names: string[]): Promise<void> {
    this.step(`rm pods ${names.join(' ')}`);
    this.pods = this.pods.filter((p) => !names.includes(p.name));
  }

  private step(call: string): void {
    this.calls.push(call);
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error(`fake failure in ${call}`);
    }
  }

  private find(name: string): FakeContainer | undefined {
    return this.containers.find((c) => c.name === name);
  }

  private must(name: string): FakeContainer {
    const c = this.find(name);
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

function info(c: FakeContainer): ContainerInfo {
  return { id: c.name, name: c.name, image: 'fake', state: c.state ?? 'running', exitCode: c.exitCode ?? null, startedAt: iso(c.startedAt ?? null), labels: c.labels, ports: c.ports ?? [] };
}

function iso(ms: number | null | undefined): string | null {
  return ms == null ? null : new Date(ms).toISOString();
}

/** Labels of an object of `session` in project `p` (plus extra ones). */
export function of(session: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [Labels.project]: 'p', [Labels.session]: session, ...extra };
}
