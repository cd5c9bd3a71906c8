/**
 * The last output lines of a process, each with a sequence number that only grows,
 * so a reader can ask for "what is new since cursor" even after old lines were dropped.
 * Bounded twice: at most `capacity` lines and at most `maxBytes` of text (UTF-8), so 50
 * processes printing 64 KiB lines hold 50 MiB, not 3 GiB. The newest line is always kept.
 */
export interface LogEntry {
  /** 1 for the first line the process printed, then +1 per line. */
  seq: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Text held per process by default: 1 MiB. */
export const DEFAULT_RING_BYTES = 1024 * 1024;

export class RingBuffer {
  /** Held lines are items[head..]; the dropped prefix is compacted away now and then. */
  private items: LogEntry[] = [];
  /** The UTF-8 size of items[i], side by side (compacted with it). */
  private sizes: number[] = [];
  private head = 0;
  private next = 1;
  private bytes = 0;

  constructor(
    readonly capacity: number,
    readonly maxBytes = DEFAULT_RING_BYTES,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring size must be >= 1, got ${capacity}`);
    if (!(maxBytes >= 1)) throw new RangeError(`ring bytes must be >= 1, got ${maxBytes}`);
  }

  push(stream: LogEntry['stream'], text: string): LogEntry {
    const entry = { seq: this.next++, stream, text };
    const size = Buffer.byteLength(text);
    this.items.push(entry);
    this.sizes.push(size);
    this.bytes += size;
    while (this.held > this.capacity || (this.bytes > this.maxBytes && this.held > 1)) {
      this.bytes -= this.sizes[this.head]!;
      this.items[this.head++] = undefined as unknown as LogEntry;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
    return entry;
  }

  private get held(): number {
    return this.items.length - this.head;
  }

  /** Sequence number of the newest line, 0 when nothing was printed yet. */
  get lastSeq(): number {
    return this.next - 1;
  }

  /** Sequence number of the oldest line still held. */
  get firstSeq(): number {
    return this.held > 0 ? this.items[this.head]!.seq : this.next;
  }

  get size(): number {
    return this.held;
  }

  /** Bytes of text held now (at most maxBytes, or one line when a single line is larger). */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Lines with seq in [from, to], clamped to what is held, oldest first. */
  range(from: number, to = this.lastSeq): LogEntry[] {
    const first = this.firstSeq;
    const start = Math.max(from, first);
    const end = Math.min(to, this.lastSeq);
    if (end < start) return [];
    return this.items.slice(this.head + (start - first), this.head + (end - first) + 1);
  }

  all(): LogEntry[] {
    return this.range(this.firstSeq);
  }
}
