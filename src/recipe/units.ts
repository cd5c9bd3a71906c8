/** Sizes and durations as recipes write them, to bytes and milliseconds. */
import type { Fail } from './fail.js';
import type { Path } from './positions.js';

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

/** parseDuration, or a recipe error at `path`. */
export function duration(value: string, path: Path, fail: Fail): number {
  return parseDuration(value) ?? fail(path, `${JSON.stringify(value)} is not a valid duration (e.g. "500ms", "90s", "1h30m")`);
}
