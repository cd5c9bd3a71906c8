/**
 * TTL of a detached stack. The monitor removes the stack at `expiresAt`; the label lets
 * `ps` show the time left and `gc` tell a live stack from an orphan; Podman's own
 * `--timeout` is the second line of defence should the monitor be gone.
 */
import { Labels } from '../engine/engine.js';

export function expiresAt(ttlMs: number, now: number): number {
  return Math.round(now + ttlMs);
}

/** Labels to add at create: `io.tempfs.expires=<epoch ms>`. */
export function ttlLabels(ttlMs: number | null | undefined, now: number): Record<string, string> {
  if (ttlMs == null) return {};
  return { [Labels.expires]: String(expiresAt(ttlMs, now)) };
}

/**
 * `podman create/run --timeout SECONDS`: conmon kills the container that long after it
 * starts (checked on Podman 4.3: the container ends `Exited (-1)`, it is not removed).
 * Rounded up, so Podman never acts before the monitor does.
 */
export function ttlCreateArgs(ttlMs: number | null | undefined): string[] {
  if (ttlMs == null) return [];
  return ['--timeout', String(Math.max(1, Math.ceil(ttlMs / 1000)))];
}

/** The earliest expiry among labels, or null when none carries one. */
export function expiresFromLabels(labelSets: Record<string, string>[]): number | null {
  const times = labelSets
    .map((labels) => Number(labels[Labels.expires]))
    .filter((t) => Number.isFinite(t) && t > 0);
  return times.length === 0 ? null : Math.min(...times);
}

/** Whole seconds left before the earliest expiry among labels (0 once past), or null without one. */
export function ttlLeftSec(labelSets: Record<string, string>[], now: number): number | null {
  const expires = expiresFromLabels(labelSets);
  return expires === null ? null : Math.max(0, Math.round((expires - now) / 1000));
}
