/** Option values from cac turned into typed values, with usage errors that say which flag. */
import { TempfsError } from '../errors.js';
import { durationProblem, parseDuration } from '../shared/units.js';

/** A duration flag in milliseconds; `positive`: 0 is refused too (`--ttl 0` would remove at once). */
export function durationOption(flag: string, value: unknown, positive = false): number | null {
  if (value === undefined || value === null || value === '') return null;
  const text = String(value);
  // A bare number means seconds on the command line (`-t 5`, `--ttl 30`), as Compose's flags do.
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : parseDuration(text);
  if (ms === null || !Number.isFinite(ms) || ms < 0) {
    throw new TempfsError('USAGE', `${flag} takes a duration like 30s, 5m or 1h30m, not "${text}"`);
  }
  const problem = durationProblem(ms, positive);
  if (problem !== null) throw new TempfsError('USAGE', `${flag} ${text} ${problem}`);
  return ms;
}

export function intOption(flag: string, value: unknown, min = 0): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new TempfsError('USAGE', `${flag} takes a whole number >= ${min}, not "${String(value)}"`);
  return n;
}

/** `-e KEY=VALUE` (repeatable) to a map. */
export function envOption(value: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new TempfsError('USAGE', `-e takes KEY=VALUE, not "${item}"`);
    env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}

/** Words after `--` (cac keeps them apart), else the positional rest. */
export function commandWords(rest: readonly string[], options: Record<string, unknown>): string[] {
  const dashed = options['--'];
  return [...rest, ...(Array.isArray(dashed) ? dashed.map(String) : [])];
}

/** A flag's text, or undefined when it was not given. */
export function stringOption(value: unknown): string | undefined {
  return value === undefined ? undefined : String(value);
}
