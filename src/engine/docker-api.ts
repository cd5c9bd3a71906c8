/**
 * Docker's dialect of the API socket (socket-api.ts): the calls DockerEngine makes to a local
 * daemon instead of through the `docker` CLI, and the log of a container without a TTY
 * followed from its API stream (multiplexed: an 8-byte header per frame says stdout or
 * stderr and the length). Only where the daemon is this machine's (connection.ts,
 * localDockerSocket).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TempfsError } from '../errors.js';
import { LineSplitter } from '../shared/line-splitter.js';
import type { LogLine } from './engine.js';
import { labelFilters, readBody, SocketApi, type EngineApi } from './socket-api.js';

/** Paths are unversioned: the daemon answers in its own API version (20.10 speaks 1.41). */
export class DockerApi extends SocketApi implements EngineApi {
  protected readonly engineName = 'docker';

  /** Ids of all containers (running or not) carrying every label `k=v` given. */
  async containerIds(labels: readonly string[]): Promise<string[]> {
    const { status, body } = await this.call('GET', '/containers/json', { all: true, filters: labelFilters(labels) });
    this.check(status, body, 'list containers');
    return (JSON.parse(body) as { Id: string }[]).map((c) => c.Id);
  }

  /**
   * Stop (SIGTERM, SIGKILL after `graceSeconds`) when a grace is given, then remove with its
   * anonymous volumes. A container already gone is no error. True when it was there.
   */
  async removeContainer(name: string, graceSeconds: number): Promise<boolean> {
    const path = `/containers/${encodeURIComponent(name)}`;
    if (graceSeconds > 0) {
      const stopped = await this.call('POST', `${path}/stop`, { t: graceSeconds });
      if (stopped.status === 404) return false;
      // 304: not running. Anything else is told by the removal below.
    }
    for (let attempt = 1; ; attempt++) {
      const { status, body } = await this.call('DELETE', path, { force: true, v: true });
      if (status === 204) return true;
      if (status === 404) return false;
      // 409: a removal already under way (a `--rm` container removing itself): wait for it.
      if (status === 409 && attempt < 50) {
        await sleep(100);
        continue;
      }
      this.check(status, body, `remove container ${name}`);
    }
  }

  /**
   * `docker network create` (a bridge): true when made, false when one of that name is there
   * already (the daemon refuses a duplicate name: CheckDuplicate).
   */
  async createNetwork(name: string, labels: Record<string, string>, internal: boolean): Promise<boolean> {
    const { status, body } = await this.call('POST', '/networks/create', {}, { Name: name, Labels: labels, Internal: internal, CheckDuplicate: true, Driver: 'bridge' });
    if (status === 409) return false;
    this.check(status, body, `create network ${name}`);
    return true;
  }

  /** `docker network prune --filter label=…`: the unused networks with every label, removed; their names. */
  async pruneNetworks(labels: readonly string[]): Promise<string[]> {
    const { status, body } = await this.call('POST', '/networks/prune', { filters: labelFilters(labels) });
    this.check(status, body, 'prune networks');
    return (JSON.parse(body) as { NetworksDeleted?: string[] | null }).NetworksDeleted ?? [];
  }

  /**
   * The whole log of a container without a TTY, followed until it stops (the daemon ends the
   * stream then, as `docker logs -f` ends) or `signal` aborts. A missing container throws NOT_FOUND.
   */
  async *followLogs(name: string, signal?: AbortSignal): AsyncIterable<LogLine> {
    if (signal?.aborted) return;
    try {
      const response = await this.open('GET', `/containers/${encodeURIComponent(name)}/logs`, { follow: true, stdout: true, stderr: true }, signal);
      if (response.statusCode !== 200) {
        const body = await readBody(response);
        if (response.statusCode === 404) throw new TempfsError('NOT_FOUND', `no container named ${name}`);
        this.check(response.statusCode ?? 0, body, `logs of ${name}`);
      }
      yield* demultiplex(response);
    } catch (error) {
      // A cancel ends the lines, as it ends `docker logs -f`: not an error.
      if (signal?.aborted) return;
      throw error;
    }
  }
}

/**
 * Lines of a multiplexed stream: frames of [stream (0 stdin, 1 stdout, 2 stderr), 0, 0, 0,
 * length (uint32, big-endian)] then the bytes. Each stream has its own partial line. A header
 * that is not one (a TTY's raw stream) makes the rest plain stdout, rather than a length
 * read from text that would hold bytes back without end.
 */
export async function* demultiplex(frames: AsyncIterable<Buffer>): AsyncIterable<LogLine> {
  const ready: LogLine[] = [];
  const splitters = {
    stdout: new LineSplitter((line) => ready.push({ stream: 'stdout', line: withoutCr(line) })),
    stderr: new LineSplitter((line) => ready.push({ stream: 'stderr', line: withoutCr(line) })),
  };
  let pending: Buffer = Buffer.alloc(0);
  let raw = false;
  for await (const chunk of frames) {
    if (raw) {
      splitters.stdout.push(chunk);
      yield* ready.splice(0);
      continue;
    }
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let at = 0;
    while (pending.length - at >= 8) {
      if (!isHeaderStart(pending.subarray(at, at + 4))) {
        raw = true;
        splitters.stdout.push(pending.subarray(at));
        at = pending.length;
        break;
      }
      const size = pending.readUInt32BE(at + 4);
      if (pending.length - at < 8 + size) break;
      const stream = pending[at] === 2 ? 'stderr' : 'stdout';
      splitters[stream].push(pending.subarray(at + 8, at + 8 + size));
      at += 8 + size;
    }
    pending = pending.subarray(at);
    yield* ready.splice(0);
  }
  // A short raw stream never filled a header: its bytes are text too.
  if (!raw && !isHeaderStart(pending)) splitters.stdout.push(pending);
  splitters.stdout.end();
  splitters.stderr.end();
  yield* ready.splice(0);
}

/** True when `bytes` (up to 4) can begin a frame header: a stream number, then zeros. */
function isHeaderStart(bytes: Buffer): boolean {
  return bytes.every((b, i) => (i === 0 ? b <= 2 : b === 0));
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
