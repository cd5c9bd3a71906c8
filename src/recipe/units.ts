/** Sizes and durations of a recipe, to bytes and milliseconds, or a recipe error with its position. */
import { MAX_SIZE_BYTES, durationProblem, parseDuration, parseSize } from '../shared/units.js';
import type { Fail } from './fail.js';
import type { Path } from './positions.js';

/** parseDuration within the limits, or a recipe error at `path`. */
export function duration(value: string, path: Path, fail: Fail, positive = false): number {
  const ms = parseDuration(value) ?? fail(path, `${JSON.stringify(value)} is not a valid duration (e.g. "500ms", "90s", "1h30m")`);
  const problem = durationProblem(ms, positive);
  return problem === null ? ms : fail(path, `${JSON.stringify(value)} ${problem}`);
}

/** parseSize within the limit, or a recipe error at `path`. */
export function size(value: string | number, path: Path, fail: Fail): number {
  const bytes = parseSize(value) ?? fail(path, `${JSON.stringify(value)} is not a valid size (e.g. "512m", "6g", "1.5GiB" or a number of bytes)`);
  return bytes > MAX_SIZE_BYTES ? fail(path, `${JSON.stringify(value)} is more than 1 PiB, the largest size tempfs accepts`) : bytes;
}
