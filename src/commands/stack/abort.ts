/** Exit code for a run cancelled by a signal: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP. */
import { ExitCode } from '../../errors.js';

export function abortExitCode(signal: AbortSignal): number {
  const reason = signal.reason as { exitCode?: unknown } | undefined;
  return typeof reason?.exitCode === 'number' ? reason.exitCode : ExitCode.SIGINT;
}
