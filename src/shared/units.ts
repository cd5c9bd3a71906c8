/**
 * Sizes and durations: recipes, flags and the terminal read them here, and every screen
 * writes a duration with formatDuration. Pure.
 */

/**
 * The largest size tempfs accepts (1 PiB): beyond it numbers lose precision and Podman
 * refuses them anyway; a limit far above any machine is a clear error, not a wrap-around.
 */
export const MAX_SIZE_BYTES = 2 ** 50;

/**
 * The longest duration tempfs accepts: 24 days. Node's timers hold 2^31-1 ms (24.8 days);
 * past that `setTimeout` fires at once, so a TTL of 600h would remove a stack immediately.
 */
export const MAX_DURATION_MS = 24 * 24 * 3_600_000;

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i;
const POWERS: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };

/**
 * `512`, `512b`, `64k`, `512m`, `6g`, `1.5GiB` -> bytes. Units are 1024-based whatever
 * their spelling, as Podman reads `--memory 6g`. Returns null when not a size.
 */
export function parseSize(value: string | number): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  const match = SIZE.exec(value);
  if (!match) return null;
  const unit = match[2]!.toLowerCase();
  // "5b" is bytes, but "5ib" means nothing.
  if (unit === '' && match[3] && match[3].toLowerCase() !== 'b') return null;
  return Math.round(Number(match[1]) * 1024 ** POWERS[unit]!);
}

const DURATION = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `90s`, `2m`, `1h30m` -> milliseconds; null when not a duration (a bare number is not). */
export function parseDuration(value: string): number | null {
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) return null;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(DURATION)) total += Number(amount) * MS[unit!]!;
  return Math.round(total);
}

/** Why a number of milliseconds cannot be used as a duration, or null when it can. */
export function durationProblem(ms: number, positive = false): string | null {
  if (ms > MAX_DURATION_MS) return 'is longer than 24 days (576h), the longest duration tempfs accepts';
  if (positive && ms <= 0) return 'must be longer than 0';
  return null;
}

/** A duration for people: `4.2s` under a minute, then `3m07s`, then `2h05m`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return s < 3600 ? `${Math.floor(s / 60)}m${two(s % 60)}s` : `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
}

/** A duration as a recipe writes it, exactly (the inverse of parseDuration): `3m`, `90s`, `500ms`. */
export function recipeDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
