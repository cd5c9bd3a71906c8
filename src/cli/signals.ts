/**
 * One AbortController per CLI run: Ctrl-C or SIGTERM aborts it with a reason that says
 * which (a TempfsError('CANCELLED') carrying the signal), so commands can clean up and the
 * CLI can exit 130 / 143. A second Ctrl-C while
 * cleanup runs exits at once (the detached monitor still removes what is left). A reader
 * of our output that went away (`tempfs config | head`) is a SIGPIPE: the run stops the
 * same way, quietly, and the CLI exits 141 as a Unix tool killed by it would.
 */
import { interrupted } from '../errors.js';

export function installSignalHandlers(controller: AbortController): () => void {
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const handler = (): void => {
      if (controller.signal.aborted) process.exit(interrupted(signal).exitCode);
      controller.abort(interrupted(signal));
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  // Node ignores SIGPIPE: a write to a closed pipe fails with EPIPE instead, as an 'error'
  // event that would otherwise end the process with a stack trace. Later writes fail too.
  const onPipeError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
    const reason = interrupted('SIGPIPE');
    process.exitCode = reason.exitCode;
    if (!controller.signal.aborted) controller.abort(reason);
  };
  process.stdout.on('error', onPipeError);
  process.stderr.on('error', onPipeError);
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
