/**
 * The project as Kubernetes manifests: per container a Deployment (a Pod with --pods, a Job
 * when others wait for it to complete) and a Service when it has ports; ConfigMaps for env
 * files; PersistentVolumeClaims for named volumes and models. Pure: the recipe model in,
 * data out; what cannot be expressed comes back as warnings (and comments), a bind mount
 * as an error.
 */
import type { ContainerSpec, Project } from '../recipe/model.js';
import { volumeClaimName } from './container.js';
import { modelClaimName, modelsPod } from './model-fetch.js';
import { containerLabels, kubeName, projectLabels, selectorLabels } from './names.js';
import { Notes } from './notes.js';
import { manifest } from './objects.js';
import { oneShots, selectContainers } from './order.js';
import { buildPod, JOB_READER, type BuiltPod } from './pod.js';
import { servicePorts } from './ports.js';
import { storageQuantity } from './quantity.js';
import { jobReaderObjects } from './rbac.js';
import type { KubeOptions, KubeResult, Manifest } from './types.js';

const GiB = 1024 ** 3;
/** A model whose size tempfs does not know gets this much (README, "Beyond one machine"). */
export const DEFAULT_MODEL_BYTES = 10 * GiB;
export const DEFAULT_VOLUME_BYTES = 1 * GiB;

/** `wanted`: the containers to translate (plan's selectServices: the named ones and their dependencies), or 'all'. */
export function toManifests(project: Project, wanted: ReadonlySet<string> | 'all', options: KubeOptions): KubeResult {
  const notes = new Notes(options.locate);
  const selected = selectContainers(project, wanted);
  const jobs = oneShots(selected);
  const extra = options.labels ?? {};
  const workloads: Manifest[] = [];
  const configMaps: Manifest[] = [];
  const memoryVolumes: string[] = [];
  let readsJobs = false;

  for (const spec of selected) {
    const isJob = jobs.has(spec.name);
    if (isJob && options.target === 'podman') continue; // an init container of its dependents
    const comments: string[] = [];
    const pod = buildPod(project, spec, isJob ? 'job' : 'service', options, notes, comments);
    readsJobs ||= pod.readsJobs;
    memoryVolumes.push(...pod.memoryVolumes);
    for (const cm of pod.configMaps) {
      if (configMaps.some((m) => m.name === cm.name)) continue;
      configMaps.push(manifest('v1', 'ConfigMap', cm.name, projectLabels(project.name, extra), { data: cm.data }));
    }
    if (spec.ports.length && !isJob) workloads.push(service(project, spec, extra));
    workloads.push(workload(project, spec, pod, isJob, options, comments));
  }

  const claims = claimsFor(project, selected, options, extra);
  const models = [...new Set(selected.flatMap((c) => c.models))].sort().flatMap((m) => (project.models[m] ? [project.models[m]] : []));
  if (options.target === 'podman' && models.length) workloads.unshift(modelsPod(project.name, models, options.initImage, projectLabels(project.name, extra)));
  const rbac = readsJobs ? jobReaderObjects(project.name, JOB_READER, projectLabels(project.name, extra)) : [];
  return { manifests: [...configMaps, ...claims, ...rbac, ...workloads], warnings: notes.warnings, memoryVolumes };
}

function workload(project: Project, spec: ContainerSpec, pod: BuiltPod, isJob: boolean, options: KubeOptions, comments: string[]): Manifest {
  const name = kubeName(spec.name);
  const labels = containerLabels(project.name, spec.name, options.labels);
  const annotations = { ...spec.labels };
  const template = { metadata: { labels, ...(Object.keys(annotations).length ? { annotations } : {}) }, spec: pod.spec };
  if (isJob) return manifest('batch/v1', 'Job', name, labels, { spec: { backoffLimit: 0, template } }, comments, annotations);
  if (options.pods || options.target === 'podman') return manifest('v1', 'Pod', name, labels, { spec: pod.spec }, comments, annotations);
  return manifest(
    'apps/v1',
    'Deployment',
    name,
    labels,
    {
      spec: {
        replicas: 1,
        selector: { matchLabels: selectorLabels(project.name, spec.name) },
        // One at a time, as on one machine: a new Pod starts once the old one is gone
        // (a ReadWriteOnce claim and a published port allow no overlap).
        strategy: { type: 'Recreate' },
        template,
      },
    },
    comments,
    annotations,
  );
}

function service(project: Project, spec: ContainerSpec, extra: Record<string, string>): Manifest {
  const published = spec.ports.filter((p) => p.host !== null);
  const comments = published.map(
    (p) => `published on ${p.host_ip || '0.0.0.0'}:${p.host} by tempfs up; from a workstation: kubectl port-forward service/${kubeName(spec.name)} ${p.host}:${p.container}`,
  );
  return manifest(
    'v1',
    'Service',
    kubeName(spec.name),
    containerLabels(project.name, spec.name, extra),
    { spec: { type: 'ClusterIP', selector: selectorLabels(project.name, spec.name), ports: servicePorts(spec) } },
    comments,
  );
}

/** A claim per named volume in use, and one for the models (their known sizes, else the default). */
function claimsFor(project: Project, selected: readonly ContainerSpec[], options: KubeOptions, extra: Record<string, string>): Manifest[] {
  const out: Manifest[] = [];
  const volumes = [...new Set(selected.flatMap((c) => c.volumes.filter((v) => v.type === 'volume' && v.source !== '').map((v) => v.source)))].sort();
  for (const v of volumes) {
    // The recipe's own volume labels need not be valid Kubernetes labels: annotations.
    const annotations = project.volumes[v]?.labels ?? {};
    out.push(claim(volumeClaimName(project.name, v), projectLabels(project.name, extra), DEFAULT_VOLUME_BYTES, [`named volume ${v}; size: tempfs's default for a volume, change it to fit`], annotations));
  }
  const models = [...new Set(selected.flatMap((c) => c.models))].filter((m) => project.models[m]).sort();
  if (models.length) {
    const known = models.map((m) => options.modelSizes?.[m]);
    const bytes = known.reduce<number>((sum, size) => sum + (size === undefined ? DEFAULT_MODEL_BYTES : Math.ceil(size * 1.1)), 0);
    const how = known.every((k) => k !== undefined) ? 'their sizes in the host cache plus 10%' : `${storageQuantity(DEFAULT_MODEL_BYTES)} for each model not in the host cache`;
    // In a cluster the models stay until the claim is deleted; under --play, `tempfs down` removes them.
    const labels = projectLabels(project.name, { ...extra, ...(options.target === 'podman' ? { 'io.tempfs.ephemeral': 'true' } : {}) });
    out.push(claim(modelClaimName(project.name), labels, bytes, [`models ${models.join(', ')}; size: ${how}`]));
  }
  return out;
}

function claim(name: string, labels: Record<string, string>, bytes: number, comments: string[], annotations: Record<string, string> = {}): Manifest {
  const spec = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: storageQuantity(bytes) } } };
  return manifest('v1', 'PersistentVolumeClaim', name, labels, { spec }, comments, annotations);
}
