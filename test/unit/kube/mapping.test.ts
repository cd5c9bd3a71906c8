/** The translation on literal projects: names, quantities, and the podman kube play form. */
import { describe, expect, it } from 'vitest';
import { toManifests, type KubeOptions, type Manifest } from '../../../src/kube/index.js';
import { kubeName } from '../../../src/kube/names.js';
import { bytesQuantity, cpuQuantity, storageQuantity } from '../../../src/kube/quantity.js';
import { container, deps, project, ready } from '../../helpers/project.js';

const MiB = 1024 * 1024;
const options = (overrides: Partial<KubeOptions> = {}): KubeOptions => ({
  target: 'kubernetes',
  pods: false,
  initImage: 'init:1',
  kubectlImage: 'kubectl:1',
  ...overrides,
});
const find = (ms: Manifest[], kind: string, name: string) => ms.find((m) => m.kind === kind && m.name === name);
type Spec = { containers: Record<string, unknown>[]; initContainers?: Record<string, unknown>[]; [k: string]: unknown };
const podSpec = (m: Manifest | undefined): Spec => (m!.object.spec as Spec);

describe('kube names and quantities', () => {
  it('makes RFC 1035 names', () => {
    expect(kubeName('My_Service')).toBe('my-service');
    expect(kubeName('1db')).toBe('c-1db');
    expect(kubeName('a'.repeat(70))).toHaveLength(63);
  });

  it('writes bytes, storage and CPUs as Kubernetes quantities', () => {
    expect(bytesQuantity(300 * MiB)).toBe('300Mi');
    expect(bytesQuantity(6 * 1024 * MiB)).toBe('6Gi');
    expect(bytesQuantity(1536 * MiB)).toBe('1536Mi');
    expect(bytesQuantity(1000)).toBe('1000');
    expect(storageQuantity(1)).toBe('1Gi');
    expect(storageQuantity(1.2 * 1024 * MiB)).toBe('2Gi');
    expect(cpuQuantity(4)).toBe('4');
    expect(cpuQuantity(0.25)).toBe('250m');
  });
});

describe('toManifests', () => {
  const web = container('web', {
    ports: [{ host_ip: '127.0.0.1', host: 18000, container: 8000, protocol: 'tcp' }],
    ready: ready({ http: { url: 'http://127.0.0.1:18000/health', status: 200 }, timeout: 10_000, interval: 500 }),
  });
  const migrate = container('migrate');
  const app = container('app', { depends_on: deps('web:ready', 'migrate:completed_successfully'), models: ['m'] });
  const p = {
    ...project('demo', [web, migrate, app]),
    models: { m: { name: 'm', url: 'http://127.0.0.1:9/m.gguf', sha256: null, file: 'm.gguf' } },
  };

  it('for a cluster: probes on the container port, the Job waited for with kubectl, the model fetched in the Pod', () => {
    const { manifests } = toManifests(p, 'all', options());
    const webPod = (find(manifests, 'Deployment', 'web')!.object.spec as { template: { spec: Spec } }).template.spec;
    expect(webPod.containers[0]!.startupProbe).toEqual({ httpGet: { path: '/health', port: 8000, scheme: 'HTTP' }, periodSeconds: 1, failureThreshold: 10 });
    expect(find(manifests, 'Job', 'migrate')).toBeDefined();
    const appPod = (find(manifests, 'Deployment', 'app')!.object.spec as { template: { spec: Spec } }).template.spec;
    expect(appPod.initContainers!.map((c) => c.name)).toEqual(['fetch-m', 'wait-migrate', 'wait-web']);
    expect(appPod.serviceAccountName).toBe('job-reader');
    expect(manifests.map((m) => m.kind)).toEqual([
      'PersistentVolumeClaim', 'ServiceAccount', 'Role', 'RoleBinding', 'Service', 'Deployment', 'Job', 'Deployment',
    ]);
  });

  it('for podman kube play: Pods with host ports, the one-shot inside its dependent, models fetched first on the host network', () => {
    const { manifests } = toManifests(p, 'all', options({ target: 'podman', pods: true, labels: { 'io.tempfs.session': 's1' } }));
    expect(manifests.filter((m) => m.kind === 'Pod').map((m) => m.name)).toEqual(['demo-models', 'web', 'app']);
    expect(find(manifests, 'Job', 'migrate')).toBeUndefined();
    const models = podSpec(find(manifests, 'Pod', 'demo-models'));
    expect(models.hostNetwork).toBe(true);
    expect(models.restartPolicy).toBe('Never');
    expect(models.initContainers!.map((c) => c.name)).toEqual(['fetch-m']);
    const webSpec = podSpec(find(manifests, 'Pod', 'web'));
    expect(webSpec.containers[0]!.ports).toEqual([{ containerPort: 8000, hostIP: '127.0.0.1', hostPort: 18000, protocol: 'TCP' }]);
    const appSpec = podSpec(find(manifests, 'Pod', 'app'));
    expect(appSpec.initContainers!.map((c) => c.name)).toEqual(['migrate', 'wait-web']);
    expect(appSpec.restartPolicy).toBe('OnFailure');
    for (const m of manifests) expect((m.object.metadata as { labels: Record<string, string> }).labels['io.tempfs.session']).toBe('s1');
  });

  it('an ephemeral container: locked down, its writable paths in memory; the podman form lists those volumes', () => {
    const box = container('box', { ephemeral: true, tmpfs: [{ target: '/tmp', size: 64 * MiB }], cap_add: ['NET_RAW'] });
    const result = toManifests(project('eph', [box]), 'all', options({ target: 'podman', pods: true }));
    const spec = podSpec(find(result.manifests, 'Pod', 'box'));
    expect(spec.containers[0]!.securityContext).toEqual({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: ['NET_RAW'] },
    });
    expect(spec.volumes).toContainEqual({ name: 'box-tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } });
    expect(result.memoryVolumes).toEqual(['box-tmp', 'box-var-tmp', 'box-run', 'box-root']);
  });

  it('says what it cannot express once per item, with the field', () => {
    const a = container('a', { ready: ready({ log: 'up' }), resources: { cpus: null, memory: 1024 * MiB, memory_swap: 2048 * MiB, pids: null } });
    const { warnings, manifests } = toManifests(project('w', [a]), 'all', options());
    expect(warnings.map((w) => w.message.split(':')[0])).toEqual(['containers.a.ready.log', 'containers.a.resources.memory_swap']);
    expect(find(manifests, 'Deployment', 'a')!.comments).toHaveLength(2);
  });

  it('compose fields it does not carry are warnings, never dropped silently; an anonymous volume is an emptyDir', () => {
    const a = container('a', {
      restart: 'always',
      cap_drop: ['NET_RAW'],
      extra_hosts: ['db:10.0.0.2'],
      volumes: [{ type: 'volume', source: '', target: '/cache', read_only: false, options: [] }],
    });
    const { warnings, manifests } = toManifests(project('w', [a]), 'all', options({ pods: true }));
    expect(warnings.map((w) => w.message.split(':')[0])).toEqual(['containers.a.restart', 'containers.a.cap_drop', 'containers.a.extra_hosts']);
    expect(manifests.filter((m) => m.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(podSpec(find(manifests, 'Pod', 'a')).volumes).toContainEqual({ name: 'anon-0', emptyDir: {} });
  });
});

describe('network policy', () => {
  it('none and internal are warnings with the reason, never a silent drop', () => {
    const { warnings } = toManifests(project('w', [container('a', { network: 'none' }), container('b', { network: 'internal' }), container('c')]), 'all', options());
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^containers\.a\.network: network: none is not translated to Kubernetes: .*NetworkPolicy denying egress/),
      expect.stringMatching(/^containers\.b\.network: network: internal is not translated/),
    ]);
  });
});
