/**
 * Runs a command to its end for `execute` and a terminal's `run`: a deadline that stops
 * the whole tree (reported as timedOut), an AbortSignal that does the same (reported as
 * cancelled, not as a failure), and the output as one string.
 */
import { exitShape } from './exit-shape.js';
import { ManagedProcess, type ManagedSpec } from './managed-process.js';
import type { ExecuteResult } from './types.js';

export interface OneShotOptions {
  timeoutMs: number;
  graceMs: number;
  signal?: AbortSignal;
  /** Holds the process while it runs, so that dispose and destroy can stop it. */
  running: Set<ManagedProcess>;
  /** Called with each output line (progress). */
  onLine?: (line: string) => void;
}

export async function runOneShot(spec: ManagedSpec, options: OneShotOptions): Promise<ExecuteResult> {
  const proc = new ManagedProcess(spec);
  options.running.add(proc);
  if (options.onLine) proc.on('line', (entry: { text: string }) => options.onLine!(entry.text));
  let timedOut = false;
  let cancelled = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void proc.stop('SIGTERM', options.graceMs);
  }, options.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    void proc.stop('SIGTERM', options.graceMs);
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await proc.finished;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    options.running.delete(proc);
  }
  return result(proc, timedOut, cancelled);
}

function result(proc: ManagedProcess, timedOut: boolean, cancelled: boolean): ExecuteResult {
  const { exitCode, signal } = exitShape(proc.exit?.code ?? null, proc.exit?.signal ?? null);
  const lines = proc.ring.all().map((e) => e.text);
  if (proc.exit?.error) lines.push(proc.exit.error.message);
  return {
    success: proc.status === 'exited' && exitCode === 0,
    output: lines.join('\n'),
    exitCode,
    signal,
    timedOut,
    cancelled,
    truncated: proc.ring.firstSeq > 1,
    durationMs: (proc.endedAt ?? proc.spec.now()) - proc.startedAt,
  };
}
