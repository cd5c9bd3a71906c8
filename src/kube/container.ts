/** One recipe container as a Kubernetes container, with the Pod volumes its mounts need. */
import type { ContainerSpec, Project } from '../recipe/model.js';
import { splitEnv } from './env.js';
import { MODELS_PATH, modelClaimName } from './model-fetch.js';
import { kubeName } from './names.js';
import type { Notes } from './notes.js';
import { portEntries } from './ports.js';
import { probesFor } from './probes.js';
import { resourcesFor } from './resources.js';
import { securityContextFor } from './security.js';
import type { KubeOptions } from './types.js';
import { warnUntranslated } from './untranslated.js';
import { emptyDir, memoryMounts } from './writable.js';

export interface BuiltContainer {
  container: Record<string, unknown>;
  volumes: Record<string, unknown>[];
  /** The env ConfigMap's data and name, when some variables came from env files. */
  configMap: { name: string; data: Record<string, string> } | null;
  memoryVolumes: string[];
}

export const MODELS_VOLUME = 'models';

export function volumeClaimName(project: string, volume: string): string {
  return kubeName(`${project}-${volume}`);
}

export function buildContainer(project: Project, spec: ContainerSpec, options: KubeOptions, notes: Notes, comments: string[]): BuiltContainer {
  const pod = kubeName(spec.name);
  const env = splitEnv(spec, options.envFileValues?.[spec.name]);
  const mounts: Record<string, unknown>[] = [];
  const volumes: Record<string, unknown>[] = [];
  warnUntranslated(spec, notes, comments);

  spec.volumes.forEach((v, i) => {
    if (v.type === 'bind') {
      notes.fail(
        ['containers', spec.name, 'volumes', i],
        `a bind mount of a host folder (${v.source}) cannot go to Kubernetes: a Pod runs on a node that does not have it`,
        `for data, use a named volume ("name:${v.target}", it becomes a PersistentVolumeClaim); for a file of settings, put it in a ConfigMap and mount that`,
      );
    }
    if (v.source === '') {
      // An anonymous volume lives and dies with its container (`up` removes it with it): an emptyDir.
      const name = kubeName(`anon-${i}`);
      volumes.push({ name, emptyDir: {} });
      mounts.push({ name, mountPath: v.target, ...(v.read_only ? { readOnly: true } : {}) });
      return;
    }
    const name = kubeName(`vol-${v.source}`);
    if (!volumes.some((x) => x.name === name)) volumes.push({ name, persistentVolumeClaim: { claimName: volumeClaimName(project.name, v.source) } });
    mounts.push({ name, mountPath: v.target, ...(v.read_only ? { readOnly: true } : {}) });
  });
  if (spec.models.length > 0) {
    volumes.push({ name: MODELS_VOLUME, persistentVolumeClaim: { claimName: modelClaimName(project.name) } });
    mounts.push({ name: MODELS_VOLUME, mountPath: MODELS_PATH, readOnly: true });
  }
  const memory = memoryMounts(spec, pod);
  for (const m of memory) {
    volumes.push(emptyDir(m));
    mounts.push({ name: m.volume, mountPath: m.path });
  }

  const container: Record<string, unknown> = {
    name: pod,
    image: spec.image,
    ...(spec.entrypoint ? { command: spec.entrypoint } : {}),
    ...(spec.command ? { args: spec.command } : {}),
    ...(env.env.length ? { env: env.env } : {}),
    ...(env.configMap ? { envFrom: [{ configMapRef: { name: env.configMapName } }] } : {}),
    ...(spec.ports.length ? { ports: portEntries(spec, options.target === 'podman') } : {}),
    ...probesFor(spec, notes, comments),
    ...optional('resources', resourcesFor(spec, notes, comments)),
    ...optional('securityContext', securityContextFor(spec, notes, comments)),
    ...(mounts.length ? { volumeMounts: mounts } : {}),
    ...(spec.working_dir ? { workingDir: spec.working_dir } : {}),
  };
  return {
    container,
    volumes,
    configMap: env.configMap ? { name: env.configMapName, data: env.configMap } : null,
    memoryVolumes: memory.map((m) => m.volume),
  };
}

function optional(key: string, value: unknown): Record<string, unknown> {
  return value === undefined ? {} : { [key]: value };
}
