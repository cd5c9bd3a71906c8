/**
 * Makes a cancelled exec stop its process inside the container too. Killing the
 * `podman exec` client leaves the process running in the container (Podman 4.3 does
 * not forward the signal), so each exec carries a job marker in its environment, as
 * every command of the process manager does (process/job-marker.ts), and on cancel a
 * second exec ends every process that carries it (the whole tree, setsid children too:
 * they inherit the environment), TERM then KILL. Needs `sh` and `grep` in the image;
 * without them the cancel still returns to the prompt.
 */
import { randomBytes } from 'node:crypto';
import { JOB_SWEEP, JOB_VARIABLE, LEFTOVER_GRACE_MS, newJobId } from '../process/index.js';
import type { ReplExecOptions, ReplExecResult } from './command.js';

export type ExecFn = (argv: string[], options?: ReplExecOptions) => Promise<ReplExecResult>;

/** `$1` = the job, swept with the manager's own script. */
const END_JOB = `${JOB_SWEEP}\nsweep "$1" ${Math.ceil(LEFTOVER_GRACE_MS / 100)}`;

export function cancellableExec(exec: ExecFn): ExecFn {
  return async (argv, options = {}) => {
    const { signal } = options;
    if (!signal) return exec(argv, options);
    const job = newJobId(`repl-${randomBytes(3).toString('hex')}`);
    try {
      return await exec(argv, { ...options, env: { ...options.env, [JOB_VARIABLE]: job } });
    } finally {
      if (signal.aborted) await exec(['sh', '-c', END_JOB, 'sh', job]).catch(() => undefined);
    }
  };
}
