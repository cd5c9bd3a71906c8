/**
 * The in-memory writable paths of a container as `emptyDir` volumes with `medium: Memory`
 * and a `sizeLimit`: its `tmpfs` entries, and for an ephemeral one also what the Podman
 * sandbox gets (/tmp, /var/tmp, /run, HOME) so a read-only root still has room to work.
 */
import type { ContainerSpec } from '../recipe/model.js';
import { kubeName } from './names.js';
import { bytesQuantity } from './quantity.js';

const MiB = 1024 * 1024;

/** The ephemeral sandbox's paths and caps, as tempfs's Podman engine sets them. */
const SANDBOX_PATHS: [string, number][] = [
  ['/tmp', 512 * MiB],
  ['/var/tmp', 256 * MiB],
  ['/run', 64 * MiB],
];
const HOME_SIZE = 256 * MiB;

export interface MemoryMount {
  volume: string;
  path: string;
  /** Bytes; null: no cap in the recipe. */
  size: number | null;
}

export function memoryMounts(spec: ContainerSpec, pod: string): MemoryMount[] {
  const sizes = new Map<string, number | null>();
  if (spec.ephemeral) {
    for (const [path, size] of SANDBOX_PATHS) sizes.set(path, size);
    const home = homeOf(spec);
    if (home && !sizes.has(home)) sizes.set(home, HOME_SIZE);
  }
  for (const t of spec.tmpfs) sizes.set(t.target, t.size ?? sizes.get(t.target) ?? (spec.ephemeral ? HOME_SIZE : null));
  return [...sizes].map(([path, size]) => ({ volume: kubeName(`${pod}-${path.replace(/^\/+/, '')}`), path, size }));
}

export function emptyDir(mount: MemoryMount): Record<string, unknown> {
  return { name: mount.volume, emptyDir: { medium: 'Memory', ...(mount.size === null ? {} : { sizeLimit: bytesQuantity(mount.size) }) } };
}

/** HOME as tempfs can tell it without the image: environment.HOME, /root for root, /home/<user>. */
function homeOf(spec: ContainerSpec): string | null {
  if (spec.environment.HOME) return spec.environment.HOME;
  const user = (spec.user ?? '').split(':')[0]!;
  if (user === '' || user === 'root' || user === '0') return '/root';
  return /^\d+$/.test(user) ? null : `/home/${user}`;
}
