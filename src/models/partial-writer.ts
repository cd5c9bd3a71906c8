/**
 * Writes a download into `<file>.partial` through a small ring of shared buffers: incoming
 * chunks are copied into the current slot (or the socket reads straight into it: `space`
 * and `commit`); a full slot is written to the file (one write at a time, so the file is
 * always a clean prefix) while the hash worker reads the same slot. The caller waits only
 * when every slot is busy: that back-pressure slows the network read down to the pace of
 * the disk or the hash. Memory stays at the ring's size.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { HashWorker } from './hash-worker.js';

/** A failure of the disk, as opposed to the network: the caller maps it (ENOSPC -> DISK_FULL). */
export class WriteFailure extends Error {
  constructor(readonly original: unknown) {
    super(`write failed: ${(original as Error)?.message ?? original}`, { cause: original });
  }
}

// 4 x 4 MiB: bigger slots than 2 MiB cut the hand-overs and absorb scheduling jitter on a busy
// machine (bench/model-pull.mjs: ~0.85 -> ~1.2 GB/s median, peak RSS 73 -> 80 MiB).
const SLOT_SIZE = 4 << 20;
const SLOTS = 4;
export const RING_BYTES = SLOT_SIZE * SLOTS;

/** The hash worker a writer needs (its ring holds the slots); a download makes one for all its attempts. */
export function ringHasher(): HashWorker {
  return new HashWorker(new SharedArrayBuffer(RING_BYTES));
}

export class PartialWriter {
  /** Bytes in the file so far, the resumed prefix included. */
  written: number;
  private readonly ring: SharedArrayBuffer;
  private readonly busy: (Promise<void> | null)[] = new Array(SLOTS).fill(null);
  private slot = 0;
  private fill = 0;
  private writeChain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly fh: FileHandle,
    path: string,
    offset: number,
    private readonly hasher: HashWorker,
    private readonly ownsHasher: boolean,
  ) {
    this.written = offset;
    this.ring = hasher.ring;
    hasher.begin(path, offset);
  }

  /**
   * Continue the partial at `offset` (0: start a new file). `hasher` (from `ringHasher`) is
   * lent for this writer's life and must not serve another writer meanwhile; without one
   * the writer starts its own and stops it on close.
   */
  static async open(path: string, offset: number, hasher?: HashWorker): Promise<PartialWriter> {
    try {
      const fh = await open(path, offset > 0 ? 'r+' : 'w');
      if (offset > 0) await fh.truncate(offset);
      return new PartialWriter(fh, path, offset, hasher ?? ringHasher(), !hasher);
    } catch (e) {
      throw new WriteFailure(e);
    }
  }

  /** Take a chunk; returns a promise only when the caller must wait for a free slot. */
  push(chunk: Uint8Array): Promise<void> | undefined {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(SLOT_SIZE - this.fill, chunk.length - at);
      new Uint8Array(this.ring, this.slot * SLOT_SIZE + this.fill, n).set(chunk.subarray(at, at + n));
      this.fill += n;
      at += n;
      if (this.fill === SLOT_SIZE) {
        this.submit();
        const next = this.busy[this.slot];
        if (next) return next.then(() => (at < chunk.length ? this.push(chunk.subarray(at)) : undefined));
      }
    }
    return undefined;
  }

  /** The rest of the current slot, for a read straight into the ring; fill it only once `commit` allowed it. */
  space(): Uint8Array {
    return new Uint8Array(this.ring, this.slot * SLOT_SIZE + this.fill, SLOT_SIZE - this.fill);
  }

  /** `n` bytes were read into the last `space()`; a promise when the next slot is still busy. */
  commit(n: number): Promise<void> | undefined {
    this.fill += n;
    if (this.fill < SLOT_SIZE) return undefined;
    this.submit();
    return this.busy[this.slot] ?? undefined;
  }

  /** Write what is buffered and wait for every write and hash; the file then holds every byte pushed. */
  async flush(): Promise<void> {
    if (this.fill > 0) this.submit();
    await Promise.all(this.busy);
  }

  /** The sha256 of everything written; only after `flush`. */
  digest(): Promise<string> {
    return this.hasher.digest();
  }

  /** Release the file, and the worker if it is ours (after a failure too: waits for the writes and hashes in flight). */
  async close(): Promise<void> {
    await Promise.allSettled(this.busy);
    await this.fh.close().catch(() => {});
    if (this.ownsHasher) await this.hasher.stop();
  }

  private submit(): void {
    const slot = this.slot;
    const start = slot * SLOT_SIZE;
    const length = this.fill;
    const position = this.written;
    this.written += length;
    const data = new Uint8Array(this.ring, start, length);
    // After a failed write the chain stays rejected: later slots are never written, so the
    // file remains a clean prefix of the download.
    this.writeChain = this.writeChain.then(() => writeAll(this.fh, data, position));
    const write = this.writeChain.catch((e) => {
      throw e instanceof WriteFailure ? e : new WriteFailure(e);
    });
    const done = Promise.all([write, this.hasher.hash(slot, start, length)]).then(() => {});
    // A finished slot is free: nobody waits on it again. A failed one stays, to be observed
    // by push/commit/flush/close (and is never an unhandled rejection).
    done.then(() => this.busy[slot] === done && (this.busy[slot] = null), () => {});
    this.busy[slot] = done;
    this.slot = (slot + 1) % SLOTS;
    this.fill = 0;
  }
}

async function writeAll(fh: FileHandle, data: Uint8Array, position: number): Promise<void> {
  for (let at = 0; at < data.length; ) {
    const { bytesWritten } = await fh.write(data, at, data.length - at, position + at);
    at += bytesWritten;
  }
}
