/**
 * Podman's dialect of the API socket (socket-api.ts): `podman system service`'s own (libpod)
 * endpoints, which take the CLI's options as they are (a removal's `timeout`, a network's
 * `isolate`), rather than its Docker-compatible ones. Only for a service on this machine
 * (engine-api.ts, localPodmanSocket). The v4.0.0 prefix is served by Podman 4 and 5 alike.
 */
import { TempfsError } from '../errors.js';
import { labelFilters, SocketApi, type EngineApi } from './socket-api.js';

const LIBPOD = '/v4.0.0/libpod';

export class PodmanApi extends SocketApi implements EngineApi {
  protected readonly engineName = 'podman';

  async containerIds(labels: readonly string[]): Promise<string[]> {
    return ((JSON.parse(await this.listContainers(labels)) as { Id: string }[] | null) ?? []).map((c) => c.Id);
  }

  /**
   * `podman ps --all --format json` with every label: the same entries (libpod's container
   * list), but for the human `CreatedAt`/`Status` texts, which tempfs does not read. The JSON text.
   */
  async listContainers(labels: readonly string[]): Promise<string> {
    const { status, body } = await this.call('GET', `${LIBPOD}/containers/json`, { all: true, filters: labels.length ? labelFilters(labels) : undefined });
    this.check(status, body, 'list containers');
    return body;
  }

  /** `podman rm --force --volumes --time GRACE NAME`: one request stops and removes. */
  async removeContainer(name: string, graceSeconds: number): Promise<boolean> {
    const { status, body } = await this.call('DELETE', `${LIBPOD}/containers/${encodeURIComponent(name)}`, { force: true, v: true, timeout: graceSeconds });
    if (status === 404) return false;
    this.check(status, body, `remove container ${name}`);
    return true;
  }

  /**
   * As `podman network create --opt isolate=true`: the CLI turns on the network's DNS (its
   * containers reach each other by name), the API does so only when asked.
   */
  async createNetwork(name: string, labels: Record<string, string>, internal: boolean): Promise<boolean> {
    const spec = { name, labels, internal, driver: 'bridge', dns_enabled: true, options: { isolate: 'true' } };
    const { status, body } = await this.call('POST', `${LIBPOD}/networks/create`, {}, spec);
    if (status === 409) return false;
    this.check(status, body, `create network ${name}`);
    return true;
  }

  /** A network the prune could not remove is an error here, as it fails `podman network prune`. */
  async pruneNetworks(labels: readonly string[]): Promise<string[]> {
    const { status, body } = await this.call('POST', `${LIBPOD}/networks/prune`, { filters: labelFilters(labels) });
    this.check(status, body, 'prune networks');
    const reports = (JSON.parse(body) as { Name: string; Error?: unknown }[] | null) ?? [];
    const failed = reports.filter((r) => r.Error);
    if (failed.length > 0) throw new TempfsError('PODMAN_FAILED', `podman: prune networks failed: ${failed.map((r) => `${r.Name}: ${JSON.stringify(r.Error)}`).join('; ')}`);
    return reports.map((r) => r.Name);
  }
}
