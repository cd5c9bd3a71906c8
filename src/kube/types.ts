/** What the Kubernetes translation takes and gives (pure data; no I/O in kube/). */
import type { SourcePosition } from '../errors.js';
import type { RecipeWarning } from '../recipe/model.js';

/** A place in the recipe as a path (`['containers', 'web', 'ready', 'log']`). */
export type FieldPath = readonly (string | number)[];

/** Maps a field of the recipe to where it is written; the command reads the files for it. */
export type Locate = (path: FieldPath) => SourcePosition | undefined;

/**
 * `kubernetes`: manifests for a cluster (Deployments or Pods, Jobs, Services).
 * `podman`: the Pod form that `podman kube play` 4.3 runs as a cluster would (see README,
 * "Beyond one machine"): host ports published, init containers run once, no Jobs.
 */
export type KubeTarget = 'kubernetes' | 'podman';

export interface KubeOptions {
  target: KubeTarget;
  /** Pods instead of Deployments (always true for the podman target). */
  pods: boolean;
  /** Image of the init containers that download models and wait for dependencies (needs sh, wget, sha256sum, nc). */
  initImage: string;
  /** Image with kubectl, for the init container that waits for a Job (kubernetes target). */
  kubectlImage: string;
  /** Extra labels on every object (the podman target's session label). */
  labels?: Record<string, string>;
  /** Per container: the variables that came from its env_file (they go to a ConfigMap). */
  envFileValues?: Record<string, Record<string, string>>;
  /** Known model sizes in bytes (from the host cache), for the PVC request. */
  modelSizes?: Record<string, number>;
  locate?: Locate;
}

/** One Kubernetes object with the comments written above it. */
export interface Manifest {
  kind: string;
  name: string;
  object: Record<string, unknown>;
  comments: string[];
}

export interface KubeResult {
  manifests: Manifest[];
  warnings: RecipeWarning[];
  /** emptyDir volumes with `medium: Memory` (podman target: tempfs creates them as tmpfs volumes first). */
  memoryVolumes: string[];
}

export const DEFAULT_INIT_IMAGE = 'docker.io/library/busybox:1.36';
export const DEFAULT_KUBECTL_IMAGE = 'docker.io/bitnami/kubectl:1.30';
