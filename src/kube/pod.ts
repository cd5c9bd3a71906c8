/**
 * The Pod of one recipe container: its container, init containers that fetch its models and
 * wait for its dependencies, its volumes, grace period, restart policy and deadline.
 */
import type { ContainerSpec, Project } from '../recipe/model.js';
import { buildContainer, MODELS_VOLUME } from './container.js';
import { fetchContainer } from './model-fetch.js';
import type { Notes } from './notes.js';
import { seconds } from './quantity.js';
import type { KubeOptions } from './types.js';
import { jobWait, readyWait } from './waits.js';

export type PodRole = 'service' | 'job';

export interface BuiltPod {
  spec: Record<string, unknown>;
  configMaps: { name: string; data: Record<string, string> }[];
  memoryVolumes: string[];
  /** It waits for a Job with kubectl: needs the ServiceAccount that may read Jobs. */
  readsJobs: boolean;
}

export const JOB_READER = 'job-reader';

export function buildPod(project: Project, spec: ContainerSpec, role: PodRole, options: KubeOptions, notes: Notes, comments: string[]): BuiltPod {
  const main = buildContainer(project, spec, options, notes, comments);
  // Under podman the models Pod fetches them (model-fetch.ts, modelsPod).
  const fetches = options.target === 'kubernetes' ? spec.models : [];
  const init: Record<string, unknown>[] = fetches.flatMap((name) => {
    const model = project.models[name];
    return model ? [fetchContainer(model, options.initImage, MODELS_VOLUME)] : [];
  });
  const volumes = [...main.volumes];
  const configMaps = main.configMap ? [main.configMap] : [];
  const memoryVolumes = [...main.memoryVolumes];
  let readsJobs = false;

  for (const [name, dep] of Object.entries(spec.depends_on).sort(([a], [b]) => a.localeCompare(b))) {
    const target = project.containers[name];
    if (!target) continue;
    if (dep.condition === 'ready') {
      const wait = readyWait(spec, target, options.initImage, notes, comments);
      if (wait) init.push(wait);
    } else if (dep.condition === 'completed_successfully' && options.target === 'kubernetes') {
      init.push(jobWait(target, options.kubectlImage));
      readsJobs = true;
    } else if (dep.condition === 'completed_successfully') {
      // podman kube play 4.3 runs no Jobs: the one-shot runs to completion here, before this
      // container starts, as an init container of this Pod.
      comments.push(`${name} runs as an init container of ${spec.name} (podman kube play runs no Jobs)`);
      const job = buildContainer(project, target, options, notes, comments);
      init.push(job.container);
      for (const v of job.volumes) if (!volumes.some((x) => x.name === v.name)) volumes.push(v);
      if (job.configMap) configMaps.push(job.configMap);
      memoryVolumes.push(...job.memoryVolumes);
    }
  }

  const ttl = spec.ttl ?? project.ttl;
  const podSpec: Record<string, unknown> = {
    containers: [main.container],
    ...(init.length ? { initContainers: init } : {}),
    ...(volumes.length ? { volumes } : {}),
    restartPolicy: restartPolicy(role, init.length > 0, options),
    terminationGracePeriodSeconds: seconds(spec.stop_grace_period, 0),
    // `init: true` (Podman's --init): with one process namespace the Pod's pause process is
    // PID 1, so it reaps zombies and a SIGTERM reaches programs that ignore it as PID 1.
    ...(spec.init ? { shareProcessNamespace: true } : {}),
    enableServiceLinks: false,
    automountServiceAccountToken: readsJobs,
    ...(readsJobs ? { serviceAccountName: JOB_READER } : {}),
  };
  if (ttl !== null) {
    if (options.pods || role === 'job') podSpec.activeDeadlineSeconds = seconds(ttl);
    else {
      notes.warn(
        spec.ttl !== null ? ['containers', spec.name, 'ttl'] : ['ttl'],
        `a Deployment has no deadline; use --pods (activeDeadlineSeconds ${seconds(ttl)}) or delete the stack with kubectl delete -l app.kubernetes.io/instance=${project.name} when done`,
        comments,
      );
    }
  }
  return { spec: podSpec, configMaps, memoryVolumes, readsJobs };
}

/**
 * A one-shot never restarts (its failure is the dependents' failure, as in the recipe).
 * podman kube play 4.3 gives init containers the Pod's policy, and under `Always` it
 * restarts an init container that has finished, forever: OnFailure there.
 */
function restartPolicy(role: PodRole, hasInit: boolean, options: KubeOptions): string {
  if (role === 'job') return 'Never';
  return options.target === 'podman' && hasInit ? 'OnFailure' : 'Always';
}
