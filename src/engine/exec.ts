/**
 * The one wrapper that runs external commands: an argument array (never a shell
 * string), output captured, failures turned into TempfsError with the command line and
 * the tool's own error text. A non-zero exit is the failure signal; stderr text alone
 * never is (Podman prints HEALTHCHECK/systemd/syslog noise there on healthy runs).
 */
import { execa } from 'execa';
import { TempfsError, abortError, type ErrorCode } from '../errors.js';
import { displayCommand } from './display-command.js';

export interface RunOptions {
  signal?: AbortSignal;
  /** Text written to stdin, then closed. Without it stdin is ignored (unless inherit). */
  input?: string;
  /** Pass the caller's stdin/stdout/stderr through; stdout/stderr are then empty strings. */
  inherit?: boolean;
  /** The full environment of the child (not merged with process.env). */
  env?: Record<string, string | undefined>;
  /** Throw on a non-zero exit (default true). With false, the caller looks at `exitCode`. */
  check?: boolean;
  /** Code of the error thrown for a non-zero exit. Default PODMAN_FAILED. */
  failCode?: ErrorCode;
  /** Code and hint when the executable itself cannot be found. */
  missingCode?: ErrorCode;
  missingHint?: string;
}

export interface RunResult {
  /** The command line, quoted for display, environment values hidden (see display-command). */
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `file args...`; resolves with its output, or throws TempfsError (see RunOptions). */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const inherit = options.inherit === true;
  const result = await execa(file, args, {
    reject: false,
    cancelSignal: options.signal,
    ...(options.env ? { env: options.env, extendEnv: false } : {}),
    ...(options.input !== undefined ? { input: options.input } : { stdin: inherit ? 'inherit' : 'ignore' }),
    stdout: inherit ? 'inherit' : 'pipe',
    stderr: inherit ? 'inherit' : 'pipe',
    stripFinalNewline: true,
  });
  const out: RunResult = {
    command: displayCommand(file, args),
    exitCode: typeof result.exitCode === 'number' ? result.exitCode : -1,
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    stderr: typeof result.stderr === 'string' ? result.stderr : '',
  };
  // execa's own result and messages spell the full command line: never kept as a cause.
  const cause = new Error(`${out.command}: ${result.originalMessage ?? result.code ?? 'failed'}`);
  if (result.isCanceled && options.signal) throw abortError(out.command, options.signal, cause);
  if (result.code === 'ENOENT') {
    throw new TempfsError(options.missingCode ?? 'NOT_FOUND', `${file}: command not found`, {
      cause,
      hint: options.missingHint,
    });
  }
  if (result.failed && result.exitCode === undefined) {
    throw new TempfsError(options.failCode ?? 'PODMAN_FAILED', cause.message, { cause });
  }
  if (out.exitCode !== 0 && options.check !== false) throw commandFailed(out, options.failCode ?? 'PODMAN_FAILED');
  return out;
}

/** A TempfsError for a command that exited non-zero: the command line and its error text. */
export function commandFailed(result: RunResult, code: ErrorCode, hint?: string, cause?: unknown): TempfsError {
  const text = errorText(result.stderr);
  return new TempfsError(code, `${result.command} failed (exit ${result.exitCode})${text ? `: ${text}` : ''}`, {
    cause,
    hint,
    details: result.stderr.split('\n').filter((l) => l.trim() !== '').slice(-20),
  });
}

/**
 * The meaningful part of a tool's stderr: its `Error:` lines when it printed any (Podman
 * precedes them with warnings and noise), otherwise the last non-empty line.
 */
export function errorText(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  // Podman: `Error: ...`; Docker: `docker: Error response from daemon: ...`.
  const errorLine = /^(?:docker: )?Error(?: response from daemon)?:\s*/;
  const errors = lines.filter((l) => errorLine.test(l));
  if (errors.length > 0) return errors.map((l) => l.replace(errorLine, '')).join('; ');
  return lines.at(-1) ?? '';
}

