/**
 * One AbortController per CLI run: Ctrl-C or SIGTERM aborts it with a reason that says
 * which, so commands can clean up and the CLI can exit 130 / 143. A second Ctrl-C while
 * cleanup runs exits at once (the detached monitor still removes what is left).
 */
import { ExitCode } from '../errors.js';

export class SignalAbort extends Error {
  constructor(readonly signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP') {
    super(`interrupted by ${signal}`);
    this.name = 'SignalAbort';
  }

  get exitCode(): number {
    return this.signal === 'SIGINT' ? ExitCode.SIGINT : this.signal === 'SIGTERM' ? ExitCode.SIGTERM : 129;
  }
}

export function installSignalHandlers(controller: AbortController): () => void {
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const handler = (): void => {
      if (controller.signal.aborted) process.exit(new SignalAbort(signal).exitCode);
      controller.abort(new SignalAbort(signal));
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
