/**
 * The in-memory writable paths of a container as `emptyDir` volumes with `medium: Memory`
 * and a `sizeLimit`: its `tmpfs` entries, and for an ephemeral one exactly what the Podman
 * sandbox gets (recipe/ephemeral.ts: /tmp, /var/tmp, /run, HOME) so a read-only root still
 * has room to work. ephemeral.ts is pure (recipe model types in, data out), like kube/.
 */
import { ephemeralMounts } from '../recipe/ephemeral.js';
import type { ContainerSpec } from '../recipe/model.js';
import { kubeName } from './names.js';
import { bytesQuantity } from './quantity.js';

export interface MemoryMount {
  volume: string;
  path: string;
  /** Bytes; null: no cap in the recipe. */
  size: number | null;
}

export function memoryMounts(spec: ContainerSpec, pod: string): MemoryMount[] {
  const sizes = new Map<string, number | null>(
    spec.ephemeral ? ephemeralMounts(spec).map((m) => [m.target, m.size]) : spec.tmpfs.map((t) => [t.target, t.size]),
  );
  return [...sizes].map(([path, size]) => ({ volume: kubeName(`${pod}-${path.replace(/^\/+/, '')}`), path, size }));
}

export function emptyDir(mount: MemoryMount): Record<string, unknown> {
  return { name: mount.volume, emptyDir: { medium: 'Memory', ...(mount.size === null ? {} : { sizeLimit: bytesQuantity(mount.size) }) } };
}
