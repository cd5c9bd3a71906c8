/**
 * `wait <id> <pattern> [--timeout 30s]`: until a line of the job matches the regular
 * expression; prints that line, or says that the time ran out or the job ended first.
 * Words after the id make one pattern, so `wait p1 listening on` needs no quotes.
 */
import { parseArgs } from 'node:util';
import type { ReplCommand } from '../command.js';
import { jobStatus } from '../job-format.js';
import { durationArg, findJob, jobsOf, parsed, patternArg, usageError } from './job-args.js';

const USAGE = 'wait <id> <pattern> [--timeout 30s]';
const DEFAULT_TIMEOUT_MS = 30_000;

export function waitCommand(): ReplCommand {
  return {
    name: 'wait',
    description: 'wait until a background job prints a line matching a pattern: wait <id> <pattern> [--timeout 30s]',
    roles: ['base'],
    async execute(args, ctx) {
      const jobs = jobsOf(ctx);
      const { values, positionals } = parsed(USAGE, () =>
        parseArgs({ args, allowPositionals: true, options: { timeout: { type: 'string', short: 't' } } }),
      );
      if (positionals.length < 2) throw usageError(positionals.length ? 'wait: which pattern?' : 'wait: which job?', USAGE);
      const [id, ...words] = positionals as [string, ...string[]];
      const pattern = patternArg(words.join(' '), USAGE);
      const timeoutMs = values.timeout === undefined ? DEFAULT_TIMEOUT_MS : durationArg(values.timeout, USAGE);
      findJob(jobs, id);
      const result = await jobs.wait(id, pattern, { timeoutMs, signal: ctx.signal });
      if (result.found) return result.line ?? '';
      // A Ctrl-C: the terminal says "cancelled".
      ctx.signal.throwIfAborted();
      const job = findJob(jobs, id);
      if (job.status !== 'running') return `[${id}] ${jobStatus(job)} before a line matched /${pattern}/`;
      return `no line matched /${pattern}/ within ${timeoutMs / 1000}s ([${id}] is still running)`;
    },
  };
}
