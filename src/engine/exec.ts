/**
 * The one wrapper that runs external commands: an argument array (never a shell
 * string), output captured, failures turned into TempfsError with the command line and
 * the tool's own error text. A non-zero exit is the failure signal; stderr text alone
 * never is (Podman prints HEALTHCHECK/systemd/syslog noise there on healthy runs).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
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
  /**
   * Spawn now, run once this settles: the command waits behind a shell's `read` (~1 ms
   * to exec once released) and is released when `gate` fulfils; when it rejects the
   * command never runs and the call rejects with its reason. A spawn blocks this thread
   * until the child has exec'd (11-31 ms each under load here): a caller with idle time
   * (`up` while the engine makes the network) pays it then, not on the critical path.
   * If this process dies first, the shell reads end-of-file and exits: nothing runs.
   * Not with `input` or `inherit`.
   */
  gate?: Promise<unknown>;
}

export interface RunResult {
  /** The command line, quoted for display, environment values hidden (see display-command). */
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How an engine call ended. */
export interface CallEnd {
  /** null when it was killed by a signal or never started. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** It could not be started (ENOENT: not found), or its pipes failed. */
  error?: NodeJS.ErrnoException;
  /** Ended because `signal` aborted. */
  cancelled: boolean;
}

/** After SIGTERM on a cancel, SIGKILL if the command is still there. */
const FORCE_KILL_MS = 5000;

/**
 * Spawns `file args...` (no shell), ends it on abort (SIGTERM, then SIGKILL after 5 s),
 * and resolves once it has exited and its pipes are closed. node:child_process itself:
 * execa cost ~55 ms of every CLI start here (bench/up-down.mjs, see the README).
 */
export function spawnCall(
  file: string,
  args: readonly string[],
  options: { env?: RunOptions['env']; signal?: AbortSignal; stdio: StdioOptions },
): { child: ChildProcess; ended: Promise<CallEnd> } {
  const child = spawn(file, args, { env: options.env ?? process.env, stdio: options.stdio });
  const ended = new Promise<CallEnd>((resolve) => {
    let cancelled = false;
    let force: NodeJS.Timeout | undefined;
    const onAbort = () => {
      cancelled = true;
      child.kill('SIGTERM');
      force = setTimeout(() => child.kill('SIGKILL'), FORCE_KILL_MS);
      force.unref();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (end: Omit<CallEnd, 'cancelled'>) => {
      options.signal?.removeEventListener('abort', onAbort);
      clearTimeout(force);
      resolve({ ...end, cancelled });
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      // A spawn failure ends the child at once ('close' may not follow); a later one is a pipe's.
      if (child.pid === undefined) finish({ exitCode: null, signal: null, error });
    });
    child.once('close', (exitCode, signal) => finish({ exitCode, signal }));
  });
  return { child, ended };
}

/** Runs `file args...`; resolves with its output, or throws TempfsError (see RunOptions). */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const command = displayCommand(file, args);
  if (options.signal?.aborted) throw abortError(command, options.signal);
  const inherit = options.inherit === true;
  const gate = options.gate;
  if (gate && (inherit || options.input !== undefined)) throw new TypeError('run: a gate takes neither input nor inherit');
  const stdin = options.input !== undefined || gate ? 'pipe' : inherit ? 'inherit' : 'ignore';
  // `$0` is the command, `"$@"` its arguments: never parsed by the shell.
  const [spawnFile, spawnArgs] = gate ? [GATE_SHELL, ['-c', GATE_SCRIPT, file, ...args]] : [file, args];
  const { child, ended } = spawnCall(spawnFile, spawnArgs, { env: options.env, signal: options.signal, stdio: [stdin, inherit ? 'inherit' : 'pipe', inherit ? 'inherit' : 'pipe'] });
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  child.stdin?.on('error', () => {}); // it exited without reading all of it: its exit code says why
  if (options.input !== undefined) child.stdin?.end(options.input);
  // Set by the gate's handler before the shell can exit (`as`: so TypeScript sees it may be).
  let closed = null as { reason: unknown } | null;
  gate?.then(
    () => child.stdin?.end(`${GATE_OPEN}\n`),
    (reason: unknown) => {
      closed = { reason };
      child.stdin?.end();
    },
  );
  const end = await ended;
  if (closed) throw closed.reason;
  const out: RunResult = { command, exitCode: end.exitCode ?? -1, stdout: stripFinalNewline(await stdout), stderr: stripFinalNewline(await stderr) };
  // The child's own messages may spell the full command line: never kept as a cause.
  const cause = new Error(`${command}: ${end.error?.message ?? (end.signal ? `killed by ${end.signal}` : 'failed')}`);
  if (end.cancelled && options.signal) throw abortError(command, options.signal, cause);
  if (end.error?.code === 'ENOENT' || (gate && end.exitCode === 127 && out.stderr === GATE_MISSING)) {
    throw new TempfsError(options.missingCode ?? 'NOT_FOUND', `${file}: command not found`, {
      cause,
      hint: options.missingHint,
    });
  }
  if (end.exitCode === null) throw new TempfsError(options.failCode ?? 'PODMAN_FAILED', cause.message, { cause });
  if (out.exitCode !== 0 && options.check !== false) throw commandFailed(out, options.failCode ?? 'PODMAN_FAILED');
  return out;
}

/**
 * The gate: one line is read from stdin; the command runs (replacing the shell) only if it
 * is the open word. End-of-file (the gate closed, or this process gone) exits 125 at once.
 * A command the shell cannot find says so in a line of its own, told apart from the
 * command's own exit 127 (Podman's "the container's command was not found").
 */
const GATE_SHELL = '/bin/sh';
const GATE_OPEN = 'go';
const GATE_MISSING = 'tempfs-gate: command not found';
const GATE_SCRIPT = [
  `IFS= read -r gate && [ "$gate" = ${GATE_OPEN} ] || exit 125`,
  `command -v "$0" >/dev/null || { echo '${GATE_MISSING}' >&2; exit 127; }`,
  'exec "$0" "$@"',
].join('\n');

/** A stream's whole text (UTF-8, decoded once at the end so no character is split); '' without a stream. */
function collect(stream: NodeJS.ReadableStream | null): Promise<string> {
  if (!stream) return Promise.resolve('');
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => {
    stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function stripFinalNewline(text: string): string {
  return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
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

/** A tool's output as its non-empty lines, trimmed (names and ids one per line, stderr noise). */
export function outputLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/**
 * The meaningful part of a tool's stderr: its `Error:` lines when it printed any (Podman
 * precedes them with warnings and noise), otherwise the last non-empty line.
 */
export function errorText(stderr: string): string {
  const lines = outputLines(stderr);
  // Podman: `Error: ...`; Docker: `docker: Error response from daemon: ...`.
  const errorLine = /^(?:docker: )?Error(?: response from daemon)?:\s*/;
  const errors = lines.filter((l) => errorLine.test(l));
  if (errors.length > 0) return errors.map((l) => l.replace(errorLine, '')).join('; ');
  return lines.at(-1) ?? '';
}

