/**
 * `logs <id> [-n N] [-f]`: the last N lines of a job (default 50); `-f` then prints new
 * lines as they come until Ctrl-C or the end of the job (its final status closes it).
 */
import { parseArgs } from 'node:util';
import type { ReplCommand, ReplContext } from '../command.js';
import { jobStatus } from '../job-format.js';
import type { ReplJobs } from '../jobs.js';
import { countArg, findJob, jobsOf, parsed, usageError } from './job-args.js';

const USAGE = 'logs <id> [-n N] [-f]';
const DEFAULT_LINES = 50;
/** A follow waits for new output in slices this long (a timer cannot be infinite). */
const FOLLOW_SLICE_MS = 60_000;
/** Lines read per page while catching up. */
const PAGE = 1000;

export function logsCommand(): ReplCommand {
  return {
    name: 'logs',
    description: 'show the output of a background job: logs <id> [-n N] [-f to follow]',
    roles: ['base'],
    async execute(args, ctx) {
      const jobs = jobsOf(ctx);
      const { values, positionals } = parsed(USAGE, () =>
        parseArgs({
          args,
          allowPositionals: true,
          options: { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } },
        }),
      );
      if (positionals.length !== 1) throw usageError(positionals.length ? 'logs takes one job id' : 'logs: which job?', USAGE);
      const id = positionals[0]!;
      const lines = values.lines === undefined ? DEFAULT_LINES : countArg(values.lines, USAGE);
      findJob(jobs, id);
      const page = jobs.logs(id, { lines });
      if (page.lines.length > 0) ctx.print(page.lines.join('\n'));
      if (values.follow) return follow(ctx, jobs, id, page.cursor);
      if (page.lines.length === 0 && lines > 0) return `(no output from ${id})`;
    },
  };
}

async function follow(ctx: ReplContext, jobs: ReplJobs, id: string, cursor: number): Promise<string | void> {
  for (;;) {
    // An empty pattern matches any line: this resolves on the next line after the cursor.
    const { found } = await jobs.wait(id, '', { since: cursor, timeoutMs: FOLLOW_SLICE_MS, signal: ctx.signal });
    cursor = printSince(ctx, jobs, id, cursor);
    // Ctrl-C is how a follow normally ends: no "cancelled", just back to the prompt.
    if (ctx.signal.aborted) return;
    const job = findJob(jobs, id);
    if (!found && job.status !== 'running') return `[${id}] ${jobStatus(job)}`;
  }
}

/** Prints every line after the cursor (saying how many the buffer already dropped); returns the new cursor. */
function printSince(ctx: ReplContext, jobs: ReplJobs, id: string, cursor: number): number {
  for (;;) {
    const page = jobs.logs(id, { since: cursor, lines: PAGE });
    if (page.dropped > 0) ctx.print(`(${page.dropped} lines dropped)`);
    if (page.lines.length === 0) return page.cursor;
    ctx.print(page.lines.join('\n'));
    cursor = page.cursor;
  }
}
