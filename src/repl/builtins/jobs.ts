/**
 * Background jobs in the container (role `base`): `bg <cmd...>` starts one, `jobs`
 * lists them, `logs`, `stop` and `wait` act on one by id. They need the terminal's
 * `jobs` capability; leaving the shell stops every job it started.
 */
import type { ReplCommand } from '../command.js';
import { jobStatus, jobTable } from '../job-format.js';
import { findJob, jobsOf, usageError } from './job-args.js';
import { logsCommand } from './job-logs.js';
import { waitCommand } from './job-wait.js';
import { shellQuote } from '../../shared/shell-quote.js';

export function jobCommands(): ReplCommand[] {
  return [bgCommand, jobsCommand, logsCommand(), stopCommand, waitCommand()];
}

const bgCommand: ReplCommand = {
  name: 'bg',
  description: 'run a command in the background in the container: bg <cmd...>',
  roles: ['base'],
  execute(args, ctx) {
    const jobs = jobsOf(ctx);
    if (args.length === 0) throw usageError('bg: which command?', 'bg <cmd...>');
    // As `bash <cmd...>`: one argument is a script, several are words kept apart by quoting.
    const command = args.length === 1 ? args[0]! : args.map(shellQuote).join(' ');
    const job = jobs.start(command);
    return `[${job.id}] started: ${job.command}`;
  },
};

const jobsCommand: ReplCommand = {
  name: 'jobs',
  description: 'list the background jobs of this terminal',
  roles: ['base'],
  execute(args, ctx) {
    const jobs = jobsOf(ctx);
    if (args.length > 0) throw usageError('jobs takes no arguments', 'jobs');
    const list = jobs.list();
    return list.length === 0 ? 'no background jobs' : jobTable(list);
  },
};

const stopCommand: ReplCommand = {
  name: 'stop',
  description: 'stop a background job and everything it started: stop <id>',
  roles: ['base'],
  async execute(args, ctx) {
    const jobs = jobsOf(ctx);
    if (args.length !== 1) throw usageError(args.length ? 'stop takes one job id' : 'stop: which job?', 'stop <id>');
    const id = args[0]!;
    findJob(jobs, id);
    return `[${id}] ${jobStatus(await jobs.stop(id))}`;
  },
};
