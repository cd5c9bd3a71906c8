/**
 * An in-memory ContainerEngine for the monitor's unit tests (the integration tests use
 * real Podman). Volume label filters are ORed, as `podman volume ls` 4.3 does.
 */
import { Labels, type ContainerEngine, type ContainerInfo, type LabelFilter } from '../../../src/engine/engine.js';

interface Obj {
  name: string;
  labels: Record<string, string>;
  state?: ContainerInfo['state'];
}

/** Every label of the filter must match, as the ContainerEngine contract says for every kind. */
function matches(labels: Record<string, string>, filter: LabelFilter): boolean {
  return Object.entries(filter).every(([k, v]) => labels[Labels[k as keyof typeof Labels]] === v);
}

export class FakeEngine implements ContainerEngine {
  containers: Obj[] = [];
  volumes: Obj[] = [];
  networks: Obj[] = [];
  calls: string[] = [];
  /** Fail this many calls of any kind before working again. */
  failNext = 0;
  versionError: Error | null = null;
  /** Run once after the first listContainers call (to add objects "late"). */
  afterFirstList: (() => void) | null = null;

  private step(call: string) {
    this.calls.push(call);
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error(`fake failure in ${call}`);
    }
  }

  async version() {
    if (this.versionError) throw this.versionError;
    return '4.3.1';
  }
  async ensureNetwork(name: string, labels: Record<string, string>) {
    this.networks.push({ name, labels });
  }
  async removeNetwork(name: string) {
    this.step(`rm network ${name}`);
    this.networks = this.networks.filter((n) => n.name !== name);
  }
  async ensureVolume(name: string, labels: Record<string, string>) {
    this.volumes.push({ name, labels });
  }
  async removeVolume(name: string) {
    this.step(`rm volume ${name}`);
    this.volumes = this.volumes.filter((v) => v.name !== name);
  }
  async listVolumes(filter: LabelFilter) {
    this.step('ls volumes');
    return this.volumes.filter((v) => matches(v.labels, filter)).map((v) => v.name);
  }
  async listNetworks(filter: LabelFilter) {
    this.step('ls networks');
    return this.networks.filter((n) => matches(n.labels, filter)).map((n) => n.name);
  }
  async createContainer(): Promise<string> {
    throw new Error('not used');
  }
  async startContainer() {}
  async removeContainers(names: string[], graceMs: number) {
    this.step(`rm containers ${names.join(' ')} grace ${graceMs}`);
    this.containers = this.containers.filter((c) => !names.includes(c.name));
  }
  async listContainers(filter: LabelFilter): Promise<ContainerInfo[]> {
    this.step('ls containers');
    const found = this.containers.filter((c) => matches(c.labels, filter));
    const hook = this.afterFirstList;
    this.afterFirstList = null;
    hook?.();
    return found.map((c) => ({
      id: c.name,
      name: c.name,
      image: 'img',
      state: c.state ?? 'running',
      exitCode: null,
      startedAt: null,
      labels: c.labels,
      ports: [],
    }));
  }
  async inspectContainer() {
    return null;
  }
  async inspectRaw() {
    return null;
  }
  async startAttached() {
    return { exitCode: 0, stdout: '', stderr: '' };
  }
  async waitContainer() {
    return 0;
  }
  async *logs() {}
  async exec() {
    return { exitCode: 0, stdout: '', stderr: '' };
  }
  async imageExists() {
    return true;
  }
  async playKube(): Promise<void> {
    throw new Error('the monitor never plays manifests');
  }
  async listPods(): Promise<string[]> {
    return [];
  }
  async removePods(): Promise<void> {}
}

/** Labels of an object of `session` (plus extra ones). */
export function of(session: string, extra: Record<string, string> = {}): Record<string, string> {
  return { [Labels.project]: 'p', [Labels.session]: session, ...extra };
}
