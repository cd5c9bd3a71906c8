/**
 * The layout of an ephemeral sandbox, as the recipe means it and every engine and
 * translation (Podman's flags, Kubernetes' emptyDirs) renders it: the writable paths that
 * live in memory with their caps and modes, HOME among them, and the default pids limit.
 * Pure.
 */
import type { ContainerSpec } from './model.js';

const MiB = 1024 * 1024;

/** Used when the recipe sets no pids limit: enough for builds and test runners, not a fork bomb. */
export const EPHEMERAL_PIDS_LIMIT = 1024;

/** Writable paths every sandbox gets, with their default caps and modes. */
const DEFAULTS: { target: string; size: number; mode: string }[] = [
  { target: '/tmp', size: 512 * MiB, mode: '1777' },
  { target: '/var/tmp', size: 256 * MiB, mode: '1777' },
  { target: '/run', size: 64 * MiB, mode: '755' },
];

const DEFAULT_SIZE = 256 * MiB;

export interface EphemeralMount {
  target: string;
  size: number;
  mode: string | null;
}

/**
 * The tmpfs mounts of an ephemeral container: the defaults, HOME, then the recipe's own
 * (a recipe entry for the same path replaces the default; a null size keeps its cap).
 */
export function ephemeralMounts(spec: ContainerSpec): EphemeralMount[] {
  const mounts = new Map<string, EphemeralMount>();
  for (const d of ephemeralDefaults(homeOf(spec))) mounts.set(d.target, d);
  for (const t of spec.tmpfs) {
    const base = mounts.get(t.target);
    mounts.set(t.target, { target: t.target, size: t.size ?? base?.size ?? DEFAULT_SIZE, mode: base?.mode ?? null });
  }
  return [...mounts.values()];
}

/** The one table of an ephemeral container's writable paths: the defaults, then HOME (`home`, when known). */
export function ephemeralDefaults(home: string | null): EphemeralMount[] {
  const mounts = DEFAULTS.map((d) => ({ ...d }));
  if (home !== null && !mounts.some((m) => m.target === home)) {
    mounts.push({ target: home, size: DEFAULT_SIZE, mode: home === '/root' ? '700' : '1777' });
  }
  return mounts;
}

/**
 * The HOME of the container's user as far as tempfs can tell without reading the image:
 * `environment.HOME`, `/root` for root, `/home/<name>` for a named user; null for a bare
 * uid (the image's passwd decides, and tempfs cannot read it here).
 */
export function homeOf(spec: Pick<ContainerSpec, 'environment' | 'user'>): string | null {
  if (spec.environment.HOME) return spec.environment.HOME;
  const user = (spec.user ?? '').split(':')[0]!;
  if (user === '' || user === 'root' || user === '0') return '/root';
  return /^\d+$/.test(user) ? null : `/home/${user}`;
}
