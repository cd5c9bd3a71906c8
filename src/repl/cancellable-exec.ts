/**
 * Makes a cancelled exec stop its process inside the container too. Killing the
 * `podman exec` client leaves the process running in the container (Podman 4.3 does
 * not forward the signal), so each exec is tagged with a unique environment variable
 * and, on cancel, a second exec sends SIGTERM to every process that carries the tag
 * (the whole tree, since children inherit the environment). Needs `sh`, `tr` and
 * `grep` in the image; without them the cancel still returns to the prompt.
 */
import { randomUUID } from 'node:crypto';
import type { ReplExecOptions, ReplExecResult } from './command.js';

export type ExecFn = (argv: string[], options?: ReplExecOptions) => Promise<ReplExecResult>;

export const EXEC_TAG = 'TEMPFS_EXEC_ID';

const KILL_TAGGED = [
  'for d in /proc/[0-9]*; do',
  `  if tr '\\0' '\\n' < "$d/environ" 2>/dev/null | grep -qx "${EXEC_TAG}=$1"; then kill -TERM "\${d#/proc/}" 2>/dev/null; fi`,
  'done; true',
].join('\n');

export function cancellableExec(exec: ExecFn): ExecFn {
  return async (argv, options = {}) => {
    const { signal } = options;
    if (!signal) return exec(argv, options);
    const tag = randomUUID();
    try {
      return await exec(argv, { ...options, env: { ...options.env, [EXEC_TAG]: tag } });
    } finally {
      if (signal.aborted) await exec(['sh', '-c', KILL_TAGGED, 'sh', tag]).catch(() => undefined);
    }
  };
}
