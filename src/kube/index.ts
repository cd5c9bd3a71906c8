/** The project as Kubernetes manifests (pure): see manifests.ts. */
export { toManifests } from './manifests.js';
export { manifestFiles, renderManifest, renderStream } from './render.js';
export { DEFAULT_INIT_IMAGE, DEFAULT_KUBECTL_IMAGE } from './types.js';
export type { FieldPath, KubeOptions, KubeResult, KubeTarget, Locate, Manifest } from './types.js';
