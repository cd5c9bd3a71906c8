/**
 * Runs a command and yields its output line by line as it comes, stdout and stderr kept
 * apart (for `podman logs`). The iteration ends when the command exits or the signal
 * aborts (a cancel is not an error); a consumer that stops early kills the command.
 */
import { commandFailed, spawnCall, type RunOptions } from './exec.js';
import { displayCommand } from './display-command.js';
import { TempfsError } from '../errors.js';
import { LineSplitter } from '../shared/line-splitter.js';

/** Lines waiting for the consumer before the command's output is paused. */
const QUEUE_HIGH = 256;

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

type LinesOptions = Pick<RunOptions, 'signal' | 'env' | 'failCode' | 'missingCode' | 'missingHint'>;

export async function* runLines(file: string, args: readonly string[], options: LinesOptions = {}): AsyncGenerator<OutputLine> {
  if (options.signal?.aborted) return;
  const { child, ended } = spawnCall(file, args, { env: options.env, signal: options.signal, stdio: ['ignore', 'pipe', 'pipe'] });
  // Lines are cut at DEFAULT_MAX_LINE characters (readline would hold a 512 MB line whole,
  // then crash), and the streams pause while the consumer is behind, so memory stays
  // bounded however fast and however long the command prints.
  const queue: OutputLine[] = [];
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  // Kept to explain a failure: the command's own errors arrive on stderr too.
  const lastStderr: string[] = [];
  let open = 2;
  const streams = [child.stdout!, child.stderr!];
  for (const [i, stream] of (['stdout', 'stderr'] as const).entries()) {
    const splitter = new LineSplitter((text) => {
      const line = text.endsWith('\r') ? text.slice(0, -1) : text;
      if (stream === 'stderr' && lastStderr.push(line) > 20) lastStderr.shift();
      if (queue.push({ stream, line }) >= QUEUE_HIGH) streams[i]!.pause();
      notify();
    });
    streams[i]!.on('data', (chunk: Buffer) => splitter.push(chunk));
    streams[i]!.on('close', () => {
      splitter.end();
      open -= 1;
      notify();
    });
  }
  let finished = false;
  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        if (queue.length < QUEUE_HIGH / 2) for (const s of streams) if (s.isPaused()) s.resume();
        yield next;
      } else if (open === 0) {
        break;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
    finished = true;
  } finally {
    if (!finished) child.kill();
  }
  const result = await ended;
  if (result.cancelled) return;
  if (result.error?.code === 'ENOENT') {
    throw new TempfsError(options.missingCode ?? 'NOT_FOUND', `${file}: command not found`, { hint: options.missingHint });
  }
  if (result.exitCode !== 0) {
    const summary = { command: displayCommand(file, args), exitCode: result.exitCode ?? -1, stdout: '', stderr: lastStderr.join('\n') };
    throw commandFailed(summary, options.failCode ?? 'PODMAN_FAILED');
  }
}
