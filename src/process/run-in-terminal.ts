/**
 * `run` in a terminal: start the command in the shell, wait up to the timeout for the
 * shell to report its end, and say what it printed. A soft timeout: a command still
 * running then stays running (status "running"), to be followed with wait/logs.
 */
import type { Terminal } from './terminal.js';
import type { RunOptions, RunResult } from './types.js';

export async function runInTerminal(terminal: Terminal, options: RunOptions, deps: { timeoutMs: number; now: () => number }): Promise<RunResult> {
  const cmd = terminal.start(options.command);
  const onLine = options.onLine ? (entry: { text: string }) => options.onLine!(entry.text) : undefined;
  if (onLine) cmd.output.on('line', onLine);
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([
    cmd.finished.then(() => 'ended' as const),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), deps.timeoutMs))),
    new Promise<'cancelled'>((resolve) => options.signal?.addEventListener('abort', () => resolve('cancelled'), { once: true })),
  ]);
  clearTimeout(timer);
  if (onLine) cmd.output.off('line', onLine);
  return {
    processId: cmd.id,
    status: cmd.status,
    success: cmd.status === 'exited' && cmd.exitCode === 0,
    output: cmd.text(),
    exitCode: cmd.exitCode,
    signal: cmd.signal,
    timedOut: waited !== 'ended',
    truncated: cmd.output.ring.firstSeq > 1,
    durationMs: (cmd.endedAt ?? deps.now()) - cmd.startedAt,
    cwd: terminal.cwd,
  };
}
