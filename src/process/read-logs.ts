/**
 * The `logs` view of a ring buffer. Without `since`: the newest `lines` lines. With
 * `since`: the lines after that cursor, oldest first, at most `lines` of them, so a
 * reader that passes the returned cursor back pages through everything still held.
 */
import type { RingBuffer } from './ring-buffer.js';
import type { LogsResult } from './types.js';

export function readLogs(ring: RingBuffer, lines = 50, since?: number): LogsResult {
  const count = Math.max(0, Math.floor(lines));
  if (since === undefined) {
    const logs = count === 0 ? [] : ring.range(ring.lastSeq - count + 1);
    return { logs, lineCount: logs.length, cursor: ring.lastSeq, dropped: 0 };
  }
  const after = Math.max(0, Math.floor(since));
  const start = Math.max(after + 1, ring.firstSeq);
  const logs = count === 0 ? [] : ring.range(start, start + count - 1);
  const cursor = logs.length > 0 ? logs[logs.length - 1]!.seq : Math.min(start - 1, ring.lastSeq);
  return { logs, lineCount: logs.length, cursor, dropped: start - (after + 1) };
}
