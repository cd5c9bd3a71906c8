/**
 * The ephemeral sandbox: a read-only image whose writable paths all live in memory with
 * a size cap, no capabilities but those the recipe adds back, no privilege escalation,
 * a pids limit. Nothing written inside survives the container. The layout is the recipe's
 * (recipe/ephemeral.ts); this is how Podman's flags spell it.
 */
import type { EphemeralMount } from '../recipe/ephemeral.js';
import type { TmpfsMount } from '../recipe/model.js';

/** A non-ephemeral tmpfs entry as Podman's `--tmpfs` value. */
export function tmpfsValue(mount: TmpfsMount): string {
  return mount.size === null ? mount.target : `${mount.target}:size=${mount.size}`;
}

/**
 * An ephemeral tmpfs entry. `exec` is explicit because Podman's default is `noexec`, and
 * a sandbox's users (people, agents, CI) build and run programs from /tmp and HOME.
 */
export function ephemeralTmpfsValue(mount: EphemeralMount): string {
  const mode = mount.mode === null ? '' : `,mode=${mount.mode}`;
  return `${mount.target}:rw,exec,nosuid,nodev,size=${mount.size}${mode}`;
}
