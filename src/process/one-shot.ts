/**
 * Runs a command to its end for `execute` and a terminal's `run`: a deadline that stops
 * the whole tree (reported as timedOut), an AbortSignal that does the same (reported as
 * cancelled, not as a failure), and the output as one string. The output is kept far
 * larger than a background process's (8 MiB), and its first 64 KiB are kept apart
 * should even that overflow, so that the first error of a long build is never lost.
 */
import { exitShape } from './exit-shape.js';
import { ManagedProcess, type ManagedSpec } from './managed-process.js';
import type { LogEntry } from './ring-buffer.js';
import type { ExecuteResult } from './types.js';

/** Output held for one command: 8 MiB or 50 000 lines. */
export const ONE_SHOT_BYTES = 8 * 1024 * 1024;
export const ONE_SHOT_LINES = 50_000;
/** The head kept apart from the ring. */
const HEAD_BYTES = 64 * 1024;

export interface OneShotOptions {
  timeoutMs: number;
  graceMs: number;
  signal?: AbortSignal;
  /** Holds the process while it runs, so that dispose and destroy can stop it. */
  running: Set<ManagedProcess>;
  /** Called with each output line (progress). */
  onLine?: (line: string) => void;
  /** Called once it ended, to keep its output readable by `logs`. */
  keep?: (proc: ManagedProcess) => void;
}

export async function runOneShot(spec: ManagedSpec, options: OneShotOptions): Promise<ExecuteResult> {
  const proc = new ManagedProcess({ ...spec, ringSize: Math.max(spec.ringSize, ONE_SHOT_LINES), ringBytes: ONE_SHOT_BYTES });
  options.running.add(proc);
  const head = headKeeper(proc);
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
    options.keep?.(proc);
  }
  return result(proc, head, timedOut, cancelled);
}

/** The first lines up to HEAD_BYTES, as they came. */
function headKeeper(proc: ManagedProcess): LogEntry[] {
  const head: LogEntry[] = [];
  let bytes = 0;
  const onLine = (entry: LogEntry) => {
    head.push(entry);
    bytes += Buffer.byteLength(entry.text) + 1;
    if (bytes >= HEAD_BYTES) proc.off('line', onLine);
  };
  proc.on('line', onLine);
  return head;
}

/** The head, a line saying what was dropped, and what the ring still holds. */
function entries(proc: ManagedProcess, head: LogEntry[]): LogEntry[] {
  const first = proc.ring.firstSeq;
  if (first <= 1) return proc.ring.all();
  const kept = head.filter((e) => e.seq < first);
  const lastKept = kept.at(-1)?.seq ?? 0;
  const gap: LogEntry = { seq: 0, stream: 'stdout', text: `[... ${first - lastKept - 1} lines left out: more than ${ONE_SHOT_BYTES} bytes of output ...]` };
  return [...kept, ...(first > lastKept + 1 ? [gap] : []), ...proc.ring.all()];
}

function result(proc: ManagedProcess, head: LogEntry[], timedOut: boolean, cancelled: boolean): ExecuteResult {
  const { exitCode, signal } = exitShape(proc.exit?.code ?? null, proc.exit?.signal ?? null);
  const all = entries(proc, head);
  const text = (stream?: LogEntry['stream']) => {
    const lines = all.filter((e) => stream === undefined || e.stream === stream || e.seq === 0).map((e) => e.text);
    if (proc.exit?.error && stream !== 'stdout') lines.push(proc.exit.error.message);
    return lines.join('\n');
  };
  return {
    processId: proc.spec.id,
    success: proc.status === 'exited' && exitCode === 0,
    output: text(),
    stdout: text('stdout'),
    stderr: text('stderr'),
    exitCode,
    signal,
    timedOut,
    cancelled,
    truncated: proc.ring.firstSeq > 1,
    durationMs: (proc.endedAt ?? proc.spec.now()) - proc.startedAt,
  };
}
