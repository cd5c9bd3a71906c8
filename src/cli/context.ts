/** Builds the CommandContext from parsed options and the injected streams. */
import type { Readable, Writable } from 'node:stream';
import type { CommandContext, ProgressMode } from '../commands/context.js';
import { TempfsError } from '../errors.js';
import { stringOption } from './parse-args.js';
import { colorEnabled } from '../ui/colors.js';
import { createProgress } from '../ui/progress.js';

export interface CliIO {
  /** Read only by the verbs that take input (main.ts makes process.stdin on first use). */
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  signal: AbortSignal;
}

/** cac gives a string for one use of a flag and an array for several. */
export function list(value: unknown): string[] {
  if (value === undefined || value === null || value === false) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).filter(Boolean);
}

const PROGRESS_MODES: ProgressMode[] = ['auto', 'tty', 'plain', 'json', 'quiet'];

export function makeContext(io: CliIO, options: Record<string, unknown>): CommandContext {
  const progress = String(options.progress ?? 'auto') as ProgressMode;
  if (!PROGRESS_MODES.includes(progress)) {
    throw new TempfsError('USAGE', `--progress must be one of ${PROGRESS_MODES.join(', ')}, not "${progress}"`);
  }
  const isTTY = Boolean(io.stdout.isTTY);
  const color = colorEnabled(isTTY, io.env);
  const projectName = stringOption(options.projectName);
  // Progress goes to stderr: its own terminal test decides rows and colours.
  const stderrTTY = Boolean(io.stderr.isTTY);
  const progressView = createProgress(progress, io.stderr, { isTTY: stderrTTY, color: colorEnabled(stderrTTY, io.env) });
  return {
    cwd: io.cwd,
    env: io.env,
    // Getters: most verbs never look at stdin, and Node makes process.stdin's stream (4-13 ms,
    // a pipe's the most) on first touch.
    get stdin() {
      return io.stdin;
    },
    stdout: io.stdout,
    stderr: io.stderr,
    isTTY,
    get stdinIsTTY() {
      return Boolean(io.stdin.isTTY);
    },
    color,
    signal: io.signal,
    global: {
      files: list(options.file),
      projectName,
      envFiles: list(options.envFile),
      profiles: list(options.profile),
      engine: {
        engine: stringOption(options.engine),
        connection: stringOption(options.connection),
        url: stringOption(options.url),
        context: stringOption(options.context),
      },
    },
    events: progressView.events,
    progressDone: progressView.done,
    progress,
  };
}
