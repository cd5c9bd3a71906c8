/** What the job built-ins share: the jobs capability, a job by id, and argument errors. */
import { TempfsError } from '../../errors.js';
import { durationProblem, parseDuration } from '../../shared/units.js';
import { patternProblem } from '../../shared/user-pattern.js';
import type { ReplContext } from '../command.js';
import type { JobInfo, ReplJobs } from '../jobs.js';

export function jobsOf(ctx: ReplContext): ReplJobs {
  if (!ctx.jobs) throw new TempfsError('PROCESS', 'background jobs are not available in this terminal');
  return ctx.jobs;
}

/** The job with this id; unknown ids are an error that points to `jobs`. */
export function findJob(jobs: ReplJobs, id: string): JobInfo {
  const job = jobs.list().find((j) => j.id === id);
  if (!job) throw new TempfsError('NOT_FOUND', `no job ${id}`, { hint: 'Type "jobs" to list them.' });
  return job;
}

export function usageError(message: string, usage: string): TempfsError {
  return new TempfsError('USAGE', message, { hint: `usage: ${usage}` });
}

/** Runs node:util's parseArgs (or any parser) and turns what it throws into a usage error. */
export function parsed<T>(usage: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e), usage);
  }
}

/** `30s`, `2m`, `500ms`, or a bare number of seconds -> milliseconds (> 0). */
export function durationArg(value: string, usage: string): number {
  const ms = /^\d+(\.\d+)?$/.test(value) ? Math.round(Number(value) * 1000) : parseDuration(value);
  if (ms === null || ms <= 0) throw usageError(`"${value}" is not a duration (e.g. "30s", "2m", "500ms")`, usage);
  const problem = durationProblem(ms);
  if (problem !== null) throw usageError(`"${value}" ${problem}`, usage);
  return ms;
}

/** A line count: a whole number, 0 or more. */
export function countArg(value: string, usage: string): number {
  if (!/^\d+$/.test(value)) throw usageError(`"${value}" is not a number of lines`, usage);
  return Number(value);
}

/** A regular expression as the user typed it, checked before it reaches the jobs. */
export function patternArg(pattern: string, usage: string): string {
  const problem = patternProblem(pattern);
  if (problem !== null) throw usageError(`invalid pattern /${pattern}/: ${problem}`, usage);
  return pattern;
}
