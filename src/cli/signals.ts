/**
 * One AbortController per CLI run: Ctrl-C or SIGTERM aborts it with a reason that says
 * which (a TempfsError('CANCELLED') carrying the signal), so commands can clean up and the
 * CLI can exit 130 / 143. A second Ctrl-C while
 * cleanup runs exits at once (the detached monitor still removes what is left).
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
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
