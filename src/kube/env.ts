/**
 * A container's variables: those that came from its `env_file` go to a ConfigMap
 * (`<name>-env`, read with envFrom), the rest are listed as `env`, which Kubernetes lets
 * win over envFrom as `environment` wins over `env_file` in the recipe.
 */
import type { ContainerSpec } from '../recipe/model.js';
import { kubeName } from './names.js';

export interface EnvParts {
  env: { name: string; value: string }[];
  /** ConfigMap data, or null when nothing came from env files. */
  configMap: Record<string, string> | null;
  configMapName: string;
}

export function splitEnv(spec: ContainerSpec, fromFiles: Record<string, string> = {}): EnvParts {
  const env: EnvParts['env'] = [];
  const data: Record<string, string> = {};
  for (const key of Object.keys(spec.environment).sort()) {
    const value = spec.environment[key]!;
    if (fromFiles[key] === value) data[key] = value;
    else env.push({ name: key, value });
  }
  return { env, configMap: Object.keys(data).length > 0 ? data : null, configMapName: kubeName(`${spec.name}-env`) };
}
