/**
 * PodmanEngine: the ContainerEngine on the `podman` CLI. Every call goes through the exec
 * wrapper with an argument array. Failures are classified from state where possible
 * (does the image exist? who owns the name?) rather than from Podman's wording. With an
 * API socket on this machine (engine-api.ts: Docker's daemon, a `podman system service`),
 * the calls on the path of `up` and `down` that it answers go there instead (viaApi).
 */
import type {
  CopyPath,
  AttachOptions,
  ContainerEngine,
  ContainerInfo,
  CreateRequest,
  ExecOptions,
  ExecResult,
  LabelFilter,
  LogLine,
  LogOptions,
} from './engine.js';
import { Labels } from './engine.js';
import { TempfsError } from '../errors.js';
import { commandFailed, outputLines, run, type RunOptions, type RunResult } from './exec.js';
import { runLines } from './exec-lines.js';
import type { FileHandle } from 'node:fs/promises';
import { findConmonLog, followConmonLog, openConmonLog, type ConmonLog } from './log-file.js';
import { buildCreateArgs, graceSeconds, PODMAN_DIALECT, type Dialect } from './run-args.js';
import { connectionArgs, isRemote, type EngineConnection, type EngineKind } from './connection.js';
import { binaryOf } from './select.js';
import { prepareRemoteMounts } from './remote-mounts.js';
import { publishedHost } from './published-host.js';
import { labelArgs, labelFilterArgs, labelPairs, removalFilterArgs, removalLabelPairs } from './labels.js';
import { PodmanApi } from './podman-api.js';
import { engineApi } from './engine-api.js';
import { unreachable, type EngineApi } from './socket-api.js';
import { parseInspect, parsePs } from './parse-ps.js';
import { isAtLeast, MIN_PODMAN_VERSION, parseVersion, type Version } from './version.js';
import { cachedVersion, versionCacheFile } from './version-cache.js';
import { busyPort } from './start-errors.js';
import { hints } from './hints.js';
import { imageUsers, type ImageUsers } from './image-users.js';
import { listPods, playKube, removePods, type PlayOptions } from './pods.js';

export interface PodmanEngineOptions {
  /** The environment of every podman call; `TEMPFS_PODMAN` in it names the binary. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** The podman binary (overrides TEMPFS_PODMAN). */
  binary?: string;
  /** `--url` / `--connection` of a remote Podman (see connection.ts); its binary wins over `binary`. */
  connection?: Omit<EngineConnection, 'kind'>;
}

/** A container this engine created: its full id, and whether it has a TTY (a raw output stream). */
export interface CreatedContainer {
  id: string;
  tty: boolean;
}

/** Podman's words for an object that went while it was being read. */
const VANISHED = /no such (container|volume|network|pod)\b|does not exist in database/;

export class PodmanEngine implements ContainerEngine {
  readonly binary: string;
  readonly connection: EngineConnection;
  protected readonly env: Record<string, string | undefined>;
  /** Where this engine's `create`/`run` flags differ from Podman's. */
  protected readonly dialect: Dialect = PODMAN_DIALECT;
  /** Exit codes with which the engine itself (not the command) fails an `exec`. */
  protected readonly execFailures: readonly number[] = [125, 255];
  /** Exit code of `start --attach` when the engine could not start the container. */
  protected readonly startFailure: number = 125;
  protected readonly missingHint: string = hints.podmanMissing;
  /**
   * `network create` options beyond the labels. Podman: `isolate`, no traffic between two
   * networks that both have it, so one project's containers cannot reach another project's
   * (unpublished ports included). Docker's bridge networks cannot reach each other already.
   */
  protected readonly networkOptions: readonly string[] = ['--opt', 'isolate=true'];
  /** The engine's API socket (socket-api.ts), or null: every call through the CLI. Forgotten once unreachable. */
  protected api: EngineApi | null;
  private hostAddress: Promise<string | null> | undefined;
  /** The containers this engine created and has not removed, by name: their logs are read where they are written (logFileOf). */
  private readonly createdHere = new Map<string, CreatedContainer>();
  /** Models being copied into a remote engine's volume (remote-mounts.ts). */
  readonly deliveries = new Map<string, Promise<void>>();

  constructor(options: PodmanEngineOptions = {}, kind: EngineKind = 'podman') {
    this.env = options.env ?? process.env;
    this.binary = options.connection?.binary ?? options.binary ?? binaryOf(kind, this.env);
    this.connection = { ...options.connection, kind, binary: this.binary };
    this.api = engineApi(this.connection, this.env);
  }

  /**
   * `call` on the API socket when there is one. Null without one, or when it cannot be
   * reached: then this engine forgets it, and the CLI does this call and the next.
   */
  protected async viaApi<T>(call: (api: EngineApi) => Promise<T>): Promise<{ value: T } | null> {
    if (!this.api) return null;
    try {
      return { value: await call(this.api) };
    } catch (error) {
      if (!unreachable(error)) throw error;
      this.api = null;
      return null;
    }
  }

  /** Runs the engine's CLI (`podman args...`, `docker args...`) after the connection flags; a missing binary is PODMAN_MISSING with the fix. */
  cli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return run(this.binary, [...connectionArgs(this.connection), ...args], {
      env: this.env,
      missingCode: 'PODMAN_MISSING',
      missingHint: this.missingHint,
      ...options,
    });
  }

  /** Where published ports are reached from here: the engine host's address, or null for this machine. */
  publishedHost(): Promise<string | null> {
    this.hostAddress ??= publishedHost(this.connection, (args) => this.cli(args));
    return this.hostAddress;
  }

  /**
   * `cached`: an answer remembered for this very binary (see version-cache.ts) will do; a
   * local Podman only (a remote one is asked each time). Doctor asks the binary itself.
   */
  async version(options: { cached?: boolean } = {}): Promise<string> {
    if (options.cached && !isRemote(this.connection)) {
      return cachedVersion(this.binary, this.env, versionCacheFile(this.env), () => this.version());
    }
    const { stdout } = await this.cli(['--version']);
    const parsed = parseVersion(stdout);
    if (parsed === null) throw new TempfsError('PODMAN_FAILED', `cannot read the Podman version from "${stdout}"`);
    const text = parsed.join('.');
    if (!isAtLeast(parsed, parseVersion(MIN_PODMAN_VERSION) as Version)) {
      throw new TempfsError('PODMAN_TOO_OLD', `Podman ${text} is too old: tempfs needs ${MIN_PODMAN_VERSION} or newer`, {
        hint: hints.podmanTooOld,
      });
    }
    return text;
  }

  // ---- networks and volumes: idempotent, labelled -------------------------------------

  async ensureNetwork(name: string, labels: Record<string, string>, options: { internal?: boolean } = {}): Promise<void> {
    // Create first: `down` removes the network, so on `up` it is usually missing and this is
    // the one call. Podman 4.3 has no `--ignore` here; a failure is success if it exists
    // (made earlier or by another tempfs in between), told by state, not by its wording.
    // The API says "there already" itself (409): success too.
    if (await this.viaApi((api) => api.createNetwork(name, labels, options.internal === true))) return;
    const internal = options.internal ? ['--internal'] : [];
    const created = await this.cli(['network', 'create', ...this.networkOptions, ...labelArgs(labels), ...internal, '--', name], { check: false });
    if (created.exitCode !== 0 && !(await this.exists('network', name))) throw commandFailed(created, 'PODMAN_FAILED');
  }

  async removeNetwork(name: string): Promise<void> {
    // No `-f`: it would remove the containers still using the network.
    await this.remove('network', name);
  }

  async ensureVolume(name: string, labels: Record<string, string>, options: { tmpfs?: boolean } = {}): Promise<void> {
    // Inspect first: named volumes outlive `down`, so they are usually there already, and
    // the one call says both that it exists and who owns it.
    const inspected = await this.cli(['volume', 'inspect', '--format', 'json', '--', name], { check: false });
    if (inspected.exitCode === 0) return checkVolumeOwner(name, inspected.stdout, labels[Labels.project]);
    // Podman 4.3 takes no size for a tmpfs volume (`o=size=` is read as a disk quota).
    const opts = options.tmpfs ? ['--opt', 'type=tmpfs', '--opt', 'device=tmpfs', '--opt', 'o=nodev,nosuid'] : [];
    const created = await this.cli(['volume', 'create', ...labelArgs(labels), ...opts, '--', name], { check: false });
    // Another tempfs may have created it in between: that is success too.
    if (created.exitCode !== 0 && !(await this.exists('volume', name))) throw commandFailed(created, 'PODMAN_FAILED');
  }

  async removeVolume(name: string): Promise<void> {
    await this.remove('volume', name);
  }

  async listVolumes(filter: LabelFilter): Promise<string[]> {
    // Podman 4.3 ORs repeated label filters on `volume ls` (containers and networks AND
    // them), so every label is checked here on the JSON instead.
    const { stdout } = await this.list(['volume', 'ls', '--format', 'json']);
    const wanted = Object.entries(filter).filter(([, v]) => v !== undefined) as [keyof typeof Labels, string][];
    const volumes = JSON.parse(stdout || '[]') as { Name: string; Labels?: Record<string, string> | null }[];
    return volumes.filter((v) => wanted.every(([key, value]) => v.Labels?.[Labels[key]] === value)).map((v) => v.Name);
  }

  listNetworks(filter: LabelFilter): Promise<string[]> {
    return this.names(['network', 'ls', '--quiet', ...labelFilterArgs(filter)]);
  }

  async pruneNetworks(filter: LabelFilter, options: { after?: Promise<unknown> } = {}): Promise<string[]> {
    const pruned = await this.pruneNow(filter, options.after);
    if (pruned !== null) return pruned;
    // Podman's prune looks at every container of the machine: one removed meanwhile by anyone
    // fails it ("does not exist in database"). Then ours go one by one, by name.
    const found = await this.listNetworks(filter);
    await Promise.all(found.map((n) => this.removeNetwork(n)));
    return found;
  }

  /**
   * One prune by label once `after` settles; null when it failed. Through the CLI its process
   * is spawned now, held by the gate; a request costs no spawn, so it simply waits.
   */
  private async pruneNow(filter: LabelFilter, after: Promise<unknown> | undefined): Promise<string[] | null> {
    const labels = removalLabelPairs(filter);
    if (this.api) {
      await after;
      const pruned = await this.viaApi((api) => api.pruneNetworks(labels)).catch(() => null);
      if (pruned) return pruned.value;
      if (this.api) return null; // it answered, with an error
    }
    const result = await this.cli(['network', 'prune', '--force', ...removalFilterArgs(filter)], { check: false, gate: after });
    return result.exitCode === 0 ? this.pruned(outputLines(result.stdout)) : null;
  }

  /** The names a `prune` printed (Docker heads them with a "Deleted Networks:" line). */
  protected pruned(lines: string[]): string[] {
    return lines;
  }

  protected async remove(kind: 'network' | 'volume', name: string): Promise<void> {
    const removed = await this.cli([kind, 'rm', '--', name], { check: false });
    if (removed.exitCode !== 0 && (await this.exists(kind, name))) throw commandFailed(removed, 'PODMAN_FAILED');
  }

  protected async exists(kind: 'network' | 'volume' | 'container' | 'image', name: string): Promise<boolean> {
    const result = await this.cli([kind, 'exists', '--', name], { check: false });
    if (result.exitCode === 0 || result.exitCode === 1) return result.exitCode === 0;
    throw commandFailed(result, 'PODMAN_FAILED');
  }

  protected async names(args: string[]): Promise<string[]> {
    return outputLines((await this.list(args)).stdout);
  }

  /**
   * A listing (`ps`, `volume ls`, `network ls`). Podman fails one when an object it is
   * reading is removed at that moment, by anyone on the machine ("no such volume ... in
   * database"): the listing is asked again, twice at most.
   */
  protected async list(args: readonly string[]): Promise<RunResult> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.cli(args, { check: false });
      if (result.exitCode === 0) return result;
      if (attempt === 3 || !VANISHED.test(result.stderr)) throw commandFailed(result, 'PODMAN_FAILED');
    }
  }

  // ---- containers ----------------------------------------------------------------------

  async createContainer(request: CreateRequest): Promise<string> {
    const modelVolume = isRemote(this.connection) ? await prepareRemoteMounts(this, request) : undefined;
    const result = await this.cli(buildCreateArgs(request, this.dialect, { modelVolume }), { check: false, gate: request.after });
    if (result.exitCode === 0) {
      const id = result.stdout.trim().split('\n').at(-1)!;
      this.createdHere.set(request.name, { id, tty: request.tty === true });
      return id;
    }
    if (request.start) this.throwIfPortBusy(request.name, result.stderr);
    const { image } = request.spec;
    if (!(await this.imageExists(image))) {
      throw new TempfsError('IMAGE_MISSING', `image ${image} is not present and could not be pulled`, {
        hint: hints.imageMissing,
        details: commandFailed(result, 'IMAGE_MISSING').details,
      });
    }
    const existing = await this.inspectContainer(request.name);
    // With `start`, a container of this session left in `created` is this call's own: it failed to start.
    const ours = request.start && existing?.state === 'created' && existing.labels[Labels.session] === request.session;
    if (existing !== null && !ours) throw nameConflict(request.name, request.project, existing);
    throw commandFailed(result, 'PODMAN_FAILED');
  }

  async startContainer(name: string): Promise<void> {
    const result = await this.cli(['start', name], { check: false });
    if (result.exitCode === 0) return;
    this.throwIfPortBusy(name, result.stderr);
    if (!(await this.exists('container', name))) throw new TempfsError('NOT_FOUND', `no container named ${name}`);
    throw commandFailed(result, 'PODMAN_FAILED');
  }

  protected throwIfPortBusy(name: string, stderr: string): void {
    const port = busyPort(stderr);
    if (port === null) return;
    throw new TempfsError('PORT_IN_USE', `cannot start ${name}: host port ${port || '(unknown)'} is already in use`, {
      hint: hints.portInUse,
    });
  }

  /** A container this engine created (and has not removed), by name. */
  protected created(name: string): CreatedContainer | undefined {
    return this.createdHere.get(name);
  }

  protected forgetCreated(names: readonly string[]): void {
    for (const name of names) this.createdHere.delete(name);
  }

  async removeContainers(names: string[], graceMs: number): Promise<void> {
    if (names.length === 0) return;
    this.forgetCreated(names);
    const viaApi = await this.removeViaApi(names, graceMs);
    const rest = viaApi ?? names;
    if (rest.length > 0) await this.removeThroughCli(rest, graceMs);
  }

  /**
   * Each removal one request, all at once (the engine stops them in parallel, as one `rm`
   * does); the names whose request failed, for the CLI to try. Null without a reachable API.
   */
  private async removeViaApi(names: readonly string[], graceMs: number): Promise<string[] | null> {
    const grace = Number(graceSeconds(graceMs));
    const failed = await this.viaApi((api) =>
      Promise.all(names.map((name) => api.removeContainer(name, grace).then(() => null, (error: unknown) => (unreachable(error) ? Promise.reject(error) : name)))),
    );
    return failed ? failed.value.filter((n): n is string => n !== null) : null;
  }

  private async removeThroughCli(names: readonly string[], graceMs: number): Promise<void> {
    const result = await this.removeNow(names, graceMs);
    if (result.exitCode === 0) return;
    // `--rm` containers may be removing themselves at the same moment: only what is left counts.
    const left = (await Promise.all(names.map(async (n) => ((await this.exists('container', n)) ? n : null)))).filter(
      (n): n is string => n !== null,
    );
    if (left.length === 0) return;
    const retry = await this.removeNow(left, 0);
    if (retry.exitCode !== 0) throw commandFailed(retry, 'PODMAN_FAILED');
  }

  /** By label: the ids from the API then their removal, or one `rm --filter` (removeByFilter). */
  async removeLabelled(filter: LabelFilter, graceMs: number): Promise<string[]> {
    const ids = await this.viaApi((api) => api.containerIds(removalLabelPairs(filter)));
    if (!ids) return this.removeByFilter(filter, graceMs);
    await this.removeContainers(ids.value, graceMs);
    return ids.value;
  }

  protected async removeByFilter(filter: LabelFilter, graceMs: number): Promise<string[]> {
    const args = ['rm', '--force', '--ignore', '--volumes', '--time', graceSeconds(graceMs), ...removalFilterArgs(filter)];
    const result = await this.cli(args, { check: false });
    const removed = outputLines(result.stdout);
    if (result.exitCode === 0) return removed;
    // One that removed itself (`--rm`) in between fails the call: what is left is removed by name.
    const left = await this.listContainers(filter);
    await this.removeContainers(left.map((c) => c.name), 0);
    return [...removed, ...left.map((c) => c.id)];
  }

  /**
   * One removal of these containers, stopped with `graceMs` first. One call for all: Podman
   * stops them in parallel (SIGTERM, SIGKILL after --time). `--volumes`: anonymous volumes
   * go with their container (named ones are never touched).
   */
  protected removeNow(names: readonly string[], graceMs: number): Promise<RunResult> {
    return this.cli(['rm', '--force', '--ignore', '--volumes', '--time', graceSeconds(graceMs), ...names], { check: false });
  }

  async startAttached(name: string, options: AttachOptions = {}): Promise<ExecResult> {
    const args = ['start', '--attach', ...(options.interactive ? ['--interactive'] : []), name];
    const result = await this.cli(args, { check: false, signal: options.signal, inherit: options.inherit !== false });
    // 125 is Podman failing to start it (Docker: 1); a one-off that exits so itself is indistinguishable here.
    if (result.exitCode === this.startFailure) this.throwIfPortBusy(name, result.stderr);
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }

  async listContainers(filter: LabelFilter): Promise<ContainerInfo[]> {
    // A service's list is `ps`'s JSON; one that fails (an object removed meanwhile) is asked again through the CLI, which retries.
    const api = this.api instanceof PodmanApi ? this.api : null;
    const listed = api ? await this.viaApi(() => api.listContainers(labelPairs(filter))).catch(() => null) : null;
    if (listed) return parsePs(listed.value);
    const { stdout } = await this.list(['ps', '--all', '--format', 'json', ...labelFilterArgs(filter)]);
    return parsePs(stdout);
  }

  async inspectContainer(name: string): Promise<ContainerInfo | null> {
    const raw = await this.inspectRaw(name);
    return raw === null ? null : parseInspect(raw);
  }

  async inspectRaw(name: string): Promise<Record<string, unknown> | null> {
    const result = await this.cli(['container', 'inspect', name], { check: false });
    if (result.exitCode === 0) return (JSON.parse(result.stdout) as Record<string, unknown>[])[0] ?? null;
    if (!(await this.exists('container', name))) return null;
    throw commandFailed(result, 'PODMAN_FAILED');
  }

  async waitContainer(name: string, signal?: AbortSignal): Promise<number> {
    const result = await this.cli(['wait', name], { check: false, signal });
    if (result.exitCode === 0) return Number(result.stdout.trim().split('\n').at(-1));
    if (!(await this.exists('container', name))) {
      throw new TempfsError('NOT_FOUND', `cannot wait for ${name}: no such container (already removed?)`);
    }
    throw commandFailed(result, 'PODMAN_FAILED');
  }

  async *logs(name: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    const file = await this.logFileOf(name, options);
    if (file) {
      yield* followConmonLog(file.log, file.handle, options.signal);
      return;
    }
    const args = ['logs'];
    if (options.follow) args.push('--follow');
    if (options.tail !== undefined) args.push('--tail', String(options.tail));
    if (options.since !== undefined) args.push('--since', options.since);
    args.push(name);
    yield* runLines(this.binary, [...connectionArgs(this.connection), ...args], {
      env: this.env,
      signal: options.signal,
      missingCode: 'PODMAN_MISSING',
      missingHint: this.missingHint,
    });
  }

  /**
   * The whole log of a container this engine created, followed, read from its local conmon's
   * k8s-file (see log-file.ts) rather than through a `podman logs -f` process; null where
   * that does not apply (another engine or log driver, a remote one, not created here).
   */
  private async logFileOf(name: string, options: LogOptions): Promise<{ log: ConmonLog; handle: FileHandle } | null> {
    if (!options.follow || options.since !== undefined || options.tail !== undefined) return null;
    if (this.connection.kind !== 'podman' || isRemote(this.connection)) return null;
    const id = this.created(name)?.id;
    const log = id === undefined ? null : await findConmonLog(id);
    const handle = log === null ? null : await openConmonLog(log);
    return log && handle ? { log, handle } : null;
  }

  async exec(name: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const args = ['exec'];
    if (options.input !== undefined || options.inherit) args.push('--interactive');
    if (options.tty) args.push('--tty');
    for (const [key, value] of Object.entries(options.env ?? {})) args.push('--env', `${key}=${value}`);
    if (options.workdir !== undefined) args.push('--workdir', options.workdir);
    if (options.user !== undefined) args.push('--user', options.user);
    args.push(name, ...argv);
    const result = await this.cli(args, {
      check: false,
      signal: options.signal,
      input: options.input,
      inherit: options.inherit,
    });
    // Podman fails exec with 125 (no such container) or 255 (not running), Docker with 1; a
    // command that exits with those codes in a running container still passes through.
    if (this.execFailures.includes(result.exitCode)) {
      const info = await this.inspectContainer(name);
      if (info === null) throw new TempfsError('NOT_FOUND', `cannot exec in ${name}: no such container`);
      if (info.state !== 'running') throw new TempfsError('NOT_RUNNING', `cannot exec in ${name}: it is ${info.state}`);
    }
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }

  async copy(from: CopyPath, to: CopyPath, options: { signal?: AbortSignal } = {}): Promise<void> {
    const spell = (end: CopyPath) => (end.container === undefined ? end.path : `${end.container}:${end.path}`);
    await this.cli(['cp', spell(from), spell(to)], { signal: options.signal });
  }

  imageExists(image: string): Promise<boolean> {
    return this.exists('image', image);
  }

  imageUsers(image: string): Promise<ImageUsers | null> {
    // `image mount` works for a local rootful Podman only (see image-users.ts).
    const canMount = this.dialect === PODMAN_DIALECT && !isRemote(this.connection) && process.getuid?.() === 0;
    return imageUsers((args, options) => this.cli(args, options), image, canMount);
  }

  playKube(file: string, options: PlayOptions): Promise<void> {
    return playKube((args, o) => this.cli(args, o), file, options);
  }

  listPods(filter: LabelFilter): Promise<string[]> {
    return listPods((args, o) => this.cli(args, o), filter);
  }

  removePods(names: string[], graceMs: number): Promise<void> {
    return removePods((args, o) => this.cli(args, o), names, graceMs);
  }
}

/**
 * `<project>_<key>` is not one-to-one (`p` + `y_data` and `p_y` + `data` meet): a volume
 * another project created is never silently shared.
 */
function checkVolumeOwner(name: string, inspectJson: string, project: string | undefined): void {
  const owner = (JSON.parse(inspectJson || '[]') as { Labels?: Record<string, string> | null }[])[0]?.Labels?.[Labels.project];
  if (owner === undefined || project === undefined || owner === project) return;
  throw new TempfsError('NAME_CONFLICT', `volume ${name} belongs to project ${owner}, not ${project}`, {
    hint: 'rename the volume in the recipe (or the project with -p) so the two projects do not share it',
  });
}

function nameConflict(name: string, project: string, existing: ContainerInfo): TempfsError {
  const owner = existing.labels[Labels.project];
  if (owner === undefined) {
    return new TempfsError('NAME_CONFLICT', `container name ${name} is taken by a container tempfs does not own (${existing.id.slice(0, 12)})`, {
      hint: hints.nameTaken.replace('NAME', name),
    });
  }
  const whose = owner === project ? 'this project' : `project ${owner}`;
  return new TempfsError('NAME_CONFLICT', `container name ${name} is already used by ${whose} (session ${existing.labels[Labels.session] ?? '?'})`, {
    hint: hints.nameOwned,
  });
}
