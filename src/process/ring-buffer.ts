/**
 * The last N output lines of a process, each with a sequence number that only grows,
 * so a reader can ask for "what is new since cursor" even after old lines were dropped.
 */
export interface LogEntry {
  /** 1 for the first line the process printed, then +1 per line. */
  seq: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export class RingBuffer {
  private readonly items: (LogEntry | undefined)[];
  private next = 1;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring size must be >= 1, got ${capacity}`);
    this.items = new Array<LogEntry | undefined>(capacity);
  }

  push(stream: LogEntry['stream'], text: string): LogEntry {
    const entry = { seq: this.next++, stream, text };
    this.items[entry.seq % this.capacity] = entry;
    return entry;
  }

  /** Sequence number of the newest line, 0 when nothing was printed yet. */
  get lastSeq(): number {
    return this.next - 1;
  }

  /** Sequence number of the oldest line still held. */
  get firstSeq(): number {
    return Math.max(1, this.next - this.capacity);
  }

  get size(): number {
    return this.next - this.firstSeq;
  }

  /** Lines with seq in [from, to], clamped to what is held, oldest first. */
  range(from: number, to = this.lastSeq): LogEntry[] {
    const out: LogEntry[] = [];
    for (let s = Math.max(from, this.firstSeq); s <= Math.min(to, this.lastSeq); s++) {
      out.push(this.items[s % this.capacity]!);
    }
    return out;
  }

  all(): LogEntry[] {
    return this.range(this.firstSeq);
  }
}
