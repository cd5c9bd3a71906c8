/**
 * Runs a command and yields its output line by line as it comes, stdout and stderr kept
 * apart (for `podman logs`). The iteration ends when the command exits or the signal
 * aborts (a cancel is not an error); a consumer that stops early kills the command.
 */
import { EventEmitter, on } from 'node:events';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { commandFailed, type RunOptions } from './exec.js';
import { displayCommand } from './display-command.js';
import { TempfsError } from '../errors.js';

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  line: string;
}

type LinesOptions = Pick<RunOptions, 'signal' | 'env' | 'failCode' | 'missingCode' | 'missingHint'>;

export async function* runLines(file: string, args: readonly string[], options: LinesOptions = {}): AsyncGenerator<OutputLine> {
  if (options.signal?.aborted) return;
  const child = execa(file, args, {
    reject: false,
    buffer: false,
    stdin: 'ignore',
    cancelSignal: options.signal,
    ...(options.env ? { env: options.env, extendEnv: false } : {}),
  });
  const bus = new EventEmitter();
  const lines = on(bus, 'line', { close: ['end'] });
  // Kept to explain a failure: the command's own errors arrive on stderr too.
  const lastStderr: string[] = [];
  let open = 2;
  for (const stream of ['stdout', 'stderr'] as const) {
    const rl = createInterface({ input: child[stream], crlfDelay: Infinity });
    rl.on('line', (line) => {
      if (stream === 'stderr' && lastStderr.push(line) > 20) lastStderr.shift();
      bus.emit('line', { stream, line } satisfies OutputLine);
    });
    rl.on('close', () => {
      if (--open === 0) bus.emit('end');
    });
  }
  let finished = false;
  try {
    for await (const [event] of lines) yield event as OutputLine;
    finished = true;
  } finally {
    if (!finished) child.kill();
  }
  const result = await child;
  if (result.isCanceled) return;
  if (result.code === 'ENOENT') {
    throw new TempfsError(options.missingCode ?? 'NOT_FOUND', `${file}: command not found`, { hint: options.missingHint });
  }
  if (result.exitCode !== 0) {
    const summary = { command: displayCommand(file, args), exitCode: result.exitCode ?? -1, stdout: '', stderr: lastStderr.join('\n') };
    throw commandFailed(summary, options.failCode ?? 'PODMAN_FAILED');
  }
}
