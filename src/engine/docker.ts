/**
 * DockerEngine: the ContainerEngine on the `docker` CLI. The same calls as Podman's but
 * for what Docker spells or reports differently, overridden here: its version check asks
 * the daemon, `exists` is `inspect`, lists are `--format` templates or `inspect` JSON
 * (Docker's `ps --format json` flattens labels and ports into strings), `rm` has no
 * `--time`, networks beyond the first are joined by `network connect`, and it has no Pods.
 * Podman's `create --timeout` has no Docker equivalent: the monitor alone holds a TTL.
 * `cp` goes as a tar stream through `exec` (a sandbox's tmpfs is out of `docker cp`'s reach).
 * With the daemon on this machine, the calls on the path of `up` and `down` (removals,
 * network create and prune) go to its API socket instead of the CLI, as PodmanEngine's do
 * (socket-api.ts); so does following the log of a container without a TTY (docker-api.ts).
 */
import type { ContainerInfo, CopyPath, CreateRequest, LabelFilter, LogLine, LogOptions } from './engine.js';
import { DockerApi } from './docker-api.js';
import { connectionArgs, localDockerSocket } from './connection.js';
import { tarCopy } from './tar-copy.js';
import { isTempfsError, TempfsError } from '../errors.js';
import { PodmanEngine, type PodmanEngineOptions } from './podman.js';
import { DOCKER_DIALECT, graceSeconds } from './run-args.js';
import { commandFailed, type RunResult } from './exec.js';
import { labelFilterArgs, removalFilterArgs } from './labels.js';
import { parseInspect } from './parse-ps.js';
import { isAtLeast, parseVersion } from './version.js';
import { cachedDaemonVersion, versionCacheFile } from './version-cache.js';
import { hints } from './hints.js';

export const MIN_DOCKER_VERSION = [20, 10, 0] as const;

export interface DockerEngineOptions extends PodmanEngineOptions {}

export class DockerEngine extends PodmanEngine {
  protected override readonly dialect = DOCKER_DIALECT;
  protected override readonly execFailures: readonly number[] = [1, 126, 127];
  protected override readonly startFailure: number = 1;
  protected override readonly missingHint: string = hints.dockerMissing;
  /** docker-proxy accepts on the published port and closes at once when the container does not listen. */
  readonly portProxy = true;
  // Docker bridge networks cannot reach each other already (no `isolate` option to ask for).
  protected override readonly networkOptions: readonly string[] = [];

  constructor(options: DockerEngineOptions = {}) {
    super(options, 'docker');
  }

  /**
   * The daemon's version: the client alone says nothing about whether containers can run.
   * `cached`: remembered per local daemon socket (see version-cache.ts); a remote daemon is asked each time.
   */
  override async version(options: { cached?: boolean } = {}): Promise<string> {
    const socket = options.cached ? localDockerSocket(this.connection) : null;
    if (socket !== null) return cachedDaemonVersion(socket, versionCacheFile(this.env), () => this.version());
    const result = await this.cli(['version', '--format', '{{.Server.Version}}'], { check: false });
    if (result.exitCode !== 0) throw commandFailed(result, 'PODMAN_FAILED', hints.dockerDaemon);
    const parsed = parseVersion(result.stdout);
    if (parsed === null) throw new TempfsError('PODMAN_FAILED', `cannot read the Docker version from "${result.stdout}"`);
    if (!isAtLeast(parsed, [...MIN_DOCKER_VERSION])) {
      throw new TempfsError('PODMAN_TOO_OLD', `Docker ${parsed.join('.')} is too old: tempfs needs 20.10 or newer`, { hint: hints.dockerMissing });
    }
    return parsed.join('.');
  }

  // Docker ANDs repeated label filters on volumes too.
  override listVolumes(filter: LabelFilter): Promise<string[]> {
    return this.names(['volume', 'ls', '--format', '{{.Name}}', ...labelFilterArgs(filter)]);
  }

  // `network ls --quiet` prints ids in Docker.
  override listNetworks(filter: LabelFilter): Promise<string[]> {
    return this.names(['network', 'ls', '--format', '{{.Name}}', ...labelFilterArgs(filter)]);
  }

  protected override pruned(lines: string[]): string[] {
    return lines.filter((l) => !/^Deleted \w+:$/.test(l));
  }

  /** Docker has no `exists`: `inspect` exits 1 for a missing object (and for nothing else that matters here). */
  protected override async exists(kind: 'network' | 'volume' | 'container' | 'image', name: string): Promise<boolean> {
    const format = kind === 'image' ? '{{.Id}}' : '{{.Name}}';
    const result = await this.cli([kind, 'inspect', '--format', format, '--', name], { check: false });
    return result.exitCode === 0;
  }

  override async createContainer(request: CreateRequest): Promise<string> {
    return this.createJoined(request).catch((error: unknown) => {
      throw initMissing(error) ?? error;
    });
  }

  /**
   * A container created here without a TTY (its output is one multiplexed stream), followed
   * from its start: the API's stream, not a `docker logs -f` process.
   */
  override logs(name: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    const whole = options.follow && options.since === undefined && options.tail === undefined;
    if (this.api instanceof DockerApi && whole && this.created(name)?.tty === false) return this.api.followLogs(name, options.signal);
    return super.logs(name, options);
  }

  private async createJoined(request: CreateRequest): Promise<string> {
    const more = request.networks?.slice(1) ?? [];
    if (more.length === 0) return super.createContainer(request);
    // Join the other networks before the container runs: create, connect, then start.
    const id = await super.createContainer({ ...request, start: false });
    for (const net of more) {
      await this.cli(['network', 'connect', ...[request.spec.name, ...net.aliases].flatMap((a) => ['--alias', a]), net.name, request.name]);
    }
    if (request.start) await this.startContainer(request.name);
    return id;
  }

  /** `rm` has no `--time` in Docker: `docker stop -t` gives the grace (in parallel), then `rm -f -v` removes them and their anonymous volumes. */
  protected override async removeNow(names: readonly string[], graceMs: number): Promise<RunResult> {
    if (graceMs > 0) await this.cli(['stop', '--time', graceSeconds(graceMs), ...names], { check: false });
    return this.cli(['rm', '--force', '--volumes', ...names], { check: false });
  }

  /** `docker cp` cannot reach a tmpfs mount nor write under a read-only root: a tar stream through `exec` (tar-copy.ts). */
  override copy(from: CopyPath, to: CopyPath, options: { signal?: AbortSignal } = {}): Promise<void> {
    return tarCopy({ binary: this.binary, prefix: connectionArgs(this.connection), env: this.env }, from, to, options.signal);
  }

  /** Docker's `rm` takes no filter: the ids from a listing (no `inspect`), then one removal. */
  protected override async removeByFilter(filter: LabelFilter, graceMs: number): Promise<string[]> {
    const ids = await this.names(['ps', '--all', '--quiet', '--no-trunc', ...removalFilterArgs(filter)]);
    await this.removeContainers(ids, graceMs);
    return ids;
  }

  /** Ids from `ps`, then `inspect` for the details (the JSON every engine version agrees on). */
  override async listContainers(filter: LabelFilter): Promise<ContainerInfo[]> {
    const ids = await this.names(['ps', '--all', '--quiet', '--no-trunc', ...labelFilterArgs(filter)]);
    if (ids.length === 0) return [];
    // Exit 1 when one was removed in between: the others are still printed.
    const result = await this.cli(['container', 'inspect', ...ids], { check: false });
    if (result.exitCode !== 0 && result.stdout.trim() === '') {
      if (result.stderr.includes('No such')) return [];
      throw commandFailed(result, 'PODMAN_FAILED');
    }
    return (JSON.parse(result.stdout || '[]') as Record<string, unknown>[]).map(parseInspect);
  }

  override async playKube(): Promise<void> {
    throw new TempfsError('USAGE', 'kube --play needs Podman (Docker cannot play Kubernetes manifests)', {
      hint: 'use --engine podman, or apply the output of `tempfs kube` with kubectl',
    });
  }

  override async listPods(): Promise<string[]> {
    return [];
  }

  override async removePods(): Promise<void> {}
}

/**
 * `--init` (tempfs's default) runs the daemon's `docker-init` (tini); a dockerd without it
 * fails every container with a text that names it. Said plainly, with the two ways out.
 */
function initMissing(error: unknown): TempfsError | null {
  if (!isTempfsError(error) || !(error.details ?? []).some((line) => /docker-init.*(not found|no such file)/i.test(line))) return null;
  return new TempfsError('PODMAN_FAILED', error.message, {
    cause: error,
    hint: 'this dockerd has no init binary for --init: install it (Debian: apt-get install -y tini; docker.io ships /usr/bin/docker-init), or set `init: false` on the container',
  });
}
