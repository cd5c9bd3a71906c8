/**
 * The one error handler: a TempfsError becomes one line (plus its details and a hint),
 * anything else is an internal error. Stack traces only with DEBUG=tempfs.
 */
import type { Writable } from 'node:stream';
import { ExitCode, TempfsError } from '../errors.js';

export function reportError(error: unknown, stderr: Writable, env: Record<string, string | undefined>): number {
  const debug = /(^|,)\s*tempfs\b/.test(env.DEBUG ?? '');
  // Interrupted by a signal: the user knows; not an error to report.
  if (error instanceof TempfsError && error.signal !== undefined) return error.exitCode;
  if (error instanceof TempfsError) {
    stderr.write(`error: ${error.line}\n`);
    for (const line of error.details) stderr.write(`  ${line}\n`);
    if (error.hint) stderr.write(`hint: ${error.hint}\n`);
    if (debug) stderr.write(`${error.stack ?? ''}\n${formatCause(error.cause)}`);
    return error.exitCode;
  }
  if (isCacError(error)) {
    stderr.write(`error: ${(error as Error).message}\nhint: see 'tempfs --help'\n`);
    return ExitCode.INVALID;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`error: internal: ${message}\n`);
  if (debug) stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  else stderr.write('hint: run again with DEBUG=tempfs for a stack trace, and please report it\n');
  return ExitCode.FAILURE;
}

function isCacError(error: unknown): boolean {
  return error instanceof Error && error.name === 'CACError';
}

function formatCause(cause: unknown): string {
  if (cause === undefined) return '';
  return `caused by: ${cause instanceof Error ? cause.stack : String(cause)}\n`;
}
