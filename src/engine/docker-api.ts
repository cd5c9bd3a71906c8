/**
 * The few calls DockerEngine makes to a local daemon's API socket instead of through the
 * `docker` CLI: those on the path of `up` and `down`. Each CLI call is a Go process that
 * starts, reads its config and dials the same socket; on a busy 2-core machine that was
 * 100-260 ms per call, while the daemon's own work (remove a container, prune a network)
 * is a fraction of it. An HTTP request on the socket is a few milliseconds.
 *
 * Only where the daemon is this machine's (connection.ts, localDockerSocket) and only for:
 * listing ids by label, stopping and removing containers, creating and pruning networks, and following
 * the log of a container without a TTY (its stream is multiplexed: an 8-byte header per
 * frame says stdout or stderr and the length). Everything else stays on the CLI.
 */
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { TempfsError } from '../errors.js';
import { LineSplitter } from '../shared/line-splitter.js';
import type { LogLine } from './engine.js';

type Query = Record<string, string | number | boolean | undefined>;

/** Paths are unversioned: the daemon answers in its own API version (20.10 speaks 1.41). */
export class DockerApi {
  constructor(readonly socketPath: string) {}

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

  private async call(method: string, path: string, query: Query = {}, json?: unknown): Promise<{ status: number; body: string }> {
    const response = await this.open(method, path, query, undefined, json);
    return { status: response.statusCode ?? 0, body: await readBody(response) };
  }

  private async open(method: string, path: string, query: Query, signal?: AbortSignal, json?: unknown): Promise<IncomingMessage> {
    // Imported here: this module loads with the engine's, Podman's runs too, and node:http costs
    // ~2-6 ms to load; only a Docker engine ever gets this far.
    const { request } = await import('node:http');
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
    const text = search.toString();
    return new Promise((resolve, reject) => {
      const body = json === undefined ? undefined : JSON.stringify(json);
      const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
      const req = request({ socketPath: this.socketPath, method, path: text ? `${path}?${text}` : path, headers, signal }, resolve);
      req.on('error', (cause: NodeJS.ErrnoException) => {
        if (cause.name === 'AbortError') return reject(cause);
        reject(new TempfsError('PODMAN_FAILED', `cannot reach the Docker daemon at ${this.socketPath}: ${cause.code ?? cause.message}`, { cause }));
      });
      req.end(body);
    });
  }

  private check(status: number, body: string, what: string): void {
    if (status >= 200 && status < 300) return;
    let message = body.trim();
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? message;
    } catch {
      // not JSON: the text as it came
    }
    throw new TempfsError('PODMAN_FAILED', `docker: ${what} failed (HTTP ${status}): ${message}`);
  }
}

/** The API's `filters` parameter: `{"label": ["k=v", …]}`. */
function labelFilters(labels: readonly string[]): string {
  return JSON.stringify({ label: labels });
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
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
