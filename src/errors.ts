/**
 * TempfsError: the one error type that crosses layers. Code branches on `code`,
 * never on message text; the CLI maps codes to exit codes (see README, "Exit codes").
 */

/** Codes that mean "the input was wrong" (exit 2); everything else is a runtime failure (exit 1). */
const INVALID_INPUT = [
  'USAGE',
  'RECIPE_NOT_FOUND',
  'RECIPE_SYNTAX',
  'RECIPE_INVALID',
  'ENV_FILE',
  'INTERPOLATION',
] as const;

const RUNTIME = [
  'PODMAN_MISSING',
  'PODMAN_TOO_OLD',
  'PODMAN_FAILED',
  'IMAGE_MISSING',
  'PORT_IN_USE',
  'NAME_CONFLICT',
  'UNTRUSTED',
  'NOT_RUNNING',
  'READINESS_TIMEOUT',
  'CONTAINER_EXITED',
  'DEPENDENCY_FAILED',
  'MODEL_DOWNLOAD',
  'CHECKSUM_MISMATCH',
  'DISK_FULL',
  'MONITOR',
  'PROCESS',
  'NOT_FOUND',
  'BUSY',
  'TIMEOUT',
  'CANCELLED',
  'REFUSED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof INVALID_INPUT)[number] | (typeof RUNTIME)[number];

/** Exit codes of the CLI, documented in the README. */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  INVALID: 2,
  SIGINT: 130,
  SIGTERM: 143,
} as const;

/** A place in a recipe file, 1-based like editors show it. */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

export interface TempfsErrorOptions {
  cause?: unknown;
  /** Where in a recipe the problem is; rendered as `file:line:col: ` before the message. */
  at?: SourcePosition;
  /** Extra lines shown under the message (for instance the last log lines of a container). */
  details?: string[];
  /** One sentence telling the user what to do next. */
  hint?: string;
  /** CANCELLED by a signal: which one (the exit code says it: 130, 143, 129, 141). */
  signal?: InterruptSignal;
}

/** SIGPIPE: the reader of our output went away (`tempfs logs -f | head`); Node reports it as EPIPE. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'SIGPIPE';

export class TempfsError extends Error {
  readonly code: ErrorCode;
  readonly at?: SourcePosition;
  readonly details: string[];
  readonly hint?: string;
  readonly signal?: InterruptSignal;

  constructor(code: ErrorCode, message: string, options: TempfsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TempfsError';
    this.code = code;
    this.at = options.at;
    this.details = options.details ?? [];
    this.hint = options.hint;
    this.signal = options.signal;
  }

  /** The one-line form: `tempfs.yaml:12:7: containers.web.ports[0]: ...`. */
  get line(): string {
    return this.at ? `${this.at.file}:${this.at.line}:${this.at.col}: ${this.message}` : this.message;
  }

  get exitCode(): number {
    if (this.signal === 'SIGTERM') return ExitCode.SIGTERM;
    if (this.signal === 'SIGHUP') return 129;
    if (this.signal === 'SIGPIPE') return 141;
    return exitCodeFor(this.code);
  }
}

export function exitCodeFor(code: ErrorCode): number {
  if (code === 'CANCELLED') return ExitCode.SIGINT;
  return (INVALID_INPUT as readonly string[]).includes(code) ? ExitCode.INVALID : ExitCode.FAILURE;
}

export function isTempfsError(e: unknown, code?: ErrorCode): e is TempfsError {
  return e instanceof TempfsError && (code === undefined || e.code === code);
}

/**
 * The one shape of "cancelled": a TempfsError('CANCELLED'). A signal that interrupts the CLI
 * aborts the run with this as its reason; a user cancel is not reported as a failure.
 */
export function interrupted(signal: InterruptSignal): TempfsError {
  return new TempfsError('CANCELLED', `interrupted by ${signal}`, { signal });
}

/**
 * What an aborted `signal` means for `what`: TIMEOUT when a deadline fired
 * (AbortSignal.timeout's reason), else CANCELLED (keeping the interrupting signal, if any).
 */
export function abortError(what: string, signal: AbortSignal, cause: unknown = signal.reason): TempfsError {
  const reason = signal.reason as { name?: string } | undefined;
  if (reason?.name === 'TimeoutError') return new TempfsError('TIMEOUT', `${what}: timed out`, { cause });
  const by = isTempfsError(signal.reason, 'CANCELLED') ? signal.reason.signal : undefined;
  return new TempfsError('CANCELLED', `${what}: cancelled`, { cause, signal: by });
}

/** The exit code of a run cancelled through `signal`: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP. */
export function abortExitCode(signal: AbortSignal): number {
  return isTempfsError(signal.reason) ? signal.reason.exitCode : ExitCode.SIGINT;
}
