/**
 * The engine's API socket, where one is on this machine: Docker's daemon always has one,
 * Podman's when `podman system service` runs (podman.socket). Each CLI call is a Go process
 * that starts and reads its configuration before doing anything; on a busy 2-core machine
 * that was 90-260 ms per call, while the engine's own work for a network create or prune is
 * ~30 ms. So the calls on the path of `up` and `down` that need no more than that (list ids
 * by label, remove containers, create and prune networks) go here as HTTP requests; the
 * rest stays on the CLI. Each dialect (docker-api.ts, podman-api.ts) says the paths.
 *
 * An API that cannot be reached (no one listens, a socket file left behind) is told apart
 * from one that answered with an error (`unreachable`): the engine then does the call, and
 * the later ones, through the CLI (podman.ts, viaApi).
 */
import type { IncomingMessage } from 'node:http';
import { isTempfsError, TempfsError } from '../errors.js';

export type Query = Record<string, string | number | boolean | undefined>;

/** The calls an engine makes on its API socket; both dialects answer them alike. */
export interface EngineApi {
  readonly socketPath: string;
  /** Ids of all containers (running or not) carrying every label `k=v` given. */
  containerIds(labels: readonly string[]): Promise<string[]>;
  /** Stopped (SIGTERM, SIGKILL after `graceSeconds`) and removed with its anonymous volumes; false when it was not there. */
  removeContainer(name: string, graceSeconds: number): Promise<boolean>;
  /** A bridge network as tempfs makes it; false when one of that name is there already. */
  createNetwork(name: string, labels: Record<string, string>, internal: boolean): Promise<boolean>;
  /** The unused networks with every label, removed; their names. */
  pruneNetworks(labels: readonly string[]): Promise<string[]>;
}

/** Connection errors that happen before a request is sent: nothing was done, the CLI may do it. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ENOTSOCK', 'EPERM']);

/** True when `error` says the API socket could not be reached (see the top of this file). */
export function unreachable(error: unknown): boolean {
  if (!isTempfsError(error)) return false;
  const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && UNREACHABLE.has(code);
}

/** HTTP on a unix socket, with the engine's name in its errors. */
export abstract class SocketApi {
  /** How errors name the engine: "docker", "podman". */
  protected abstract readonly engineName: string;

  constructor(readonly socketPath: string) {}

  protected async call(method: string, path: string, query: Query = {}, json?: unknown): Promise<{ status: number; body: string }> {
    const response = await this.open(method, path, query, undefined, json);
    return { status: response.statusCode ?? 0, body: await readBody(response) };
  }

  protected async open(method: string, path: string, query: Query, signal?: AbortSignal, json?: unknown): Promise<IncomingMessage> {
    // Imported here: this module loads with the engine's, and node:http costs ~2-6 ms to load;
    // only an engine with an API socket ever gets this far.
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
        reject(new TempfsError('PODMAN_FAILED', `cannot reach the ${this.engineName} API at ${this.socketPath}: ${cause.code ?? cause.message}`, { cause }));
      });
      req.end(body);
    });
  }

  /** True when the API answers its ping; false when it cannot be reached or answers otherwise. */
  async ping(): Promise<boolean> {
    try {
      return (await this.call('GET', '/_ping')).status === 200;
    } catch {
      return false;
    }
  }

  /** Throws PODMAN_FAILED with the engine's own message unless the status is 2xx. */
  protected check(status: number, body: string, what: string): void {
    if (status >= 200 && status < 300) return;
    let message = body.trim();
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? message;
    } catch {
      // not JSON: the text as it came
    }
    throw new TempfsError('PODMAN_FAILED', `${this.engineName}: ${what} failed (HTTP ${status}): ${message}`);
  }
}

/** The API's `filters` parameter: `{"label": ["k=v", …]}` (both dialects). */
export function labelFilters(labels: readonly string[]): string {
  return JSON.stringify({ label: labels });
}

export function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}
