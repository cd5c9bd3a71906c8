/**
 * `<file>.partial` being written: each chunk of the body is hashed on this thread and
 * queued on a file write stream. The queue is bounded (`QUEUE_BYTES`): past it the caller
 * waits for the disk, which pauses the socket. Writes land in order, so the file is always a
 * clean prefix of the download, also after a failure.
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { hashInto } from './partial.js';

/** A failure of the disk, as opposed to the network: the caller maps it (ENOSPC -> DISK_FULL). */
export class WriteFailure extends Error {
  constructor(readonly original: unknown) {
    super(`write failed: ${(original as Error)?.message ?? original}`, { cause: original });
  }
}

// Chunks (node:http's own buffers, not copied) queued for the disk while the socket reads on.
export const QUEUE_BYTES = 1 << 20;

export class PartialFile {
  private failure: WriteFailure | null = null;
  private drained: Promise<void> | null = null;

  private constructor(
    private readonly stream: WriteStream,
    private readonly hash: Hash,
    /** Bytes in the file so far, the resumed prefix included. */
    public written: number,
  ) {
    stream.on('error', (e) => (this.failure ??= new WriteFailure(e)));
  }

  /** Continue the partial at `offset` (0: a new file): its first `offset` bytes are hashed first. */
  static async open(path: string, offset: number, signal?: AbortSignal): Promise<PartialFile> {
    const hash = createHash('sha256');
    try {
      if (offset > 0) {
        await truncate(path, offset); // drops what a torn earlier write left past the prefix
        await hashInto(hash, path, offset, signal);
      }
      const stream = createWriteStream(path, { flags: offset > 0 ? 'r+' : 'w', start: offset, highWaterMark: QUEUE_BYTES });
      await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
      return new PartialFile(stream, hash, offset);
    } catch (e) {
      throw signal?.aborted ? e : new WriteFailure(e);
    }
  }

  /** Take a chunk; returns a promise only when the caller must wait for the disk. */
  push(chunk: Uint8Array): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    this.hash.update(chunk);
    this.written += chunk.length;
    if (this.stream.write(chunk)) return undefined;
    this.drained ??= new Promise<void>((resolve, reject) => {
      const done = () => {
        this.stream.off('drain', done).off('error', done);
        this.drained = null;
        if (this.failure) reject(this.failure);
        else resolve();
      };
      this.stream.on('drain', done).on('error', done);
    });
    return this.drained;
  }

  /** Wait until every byte pushed is in the file (also after a cut: a resume then asks only for the rest). */
  async flush(): Promise<void> {
    // A write that failed may reach `end`'s callback before the 'error' event: its error counts too.
    if (!this.stream.writableEnded) {
      await new Promise<void>((resolve) =>
        this.stream.end((error?: Error | null) => {
          if (error) this.failure ??= new WriteFailure(error);
          resolve();
        }),
      );
    }
    if (this.failure) throw this.failure;
  }

  /** The sha256 of the whole file; only after `flush`. */
  digest(): string {
    return this.hash.digest('hex');
  }

  /** Release the file (after a failure too). */
  async close(): Promise<void> {
    if (this.stream.closed) return;
    await new Promise<void>((resolve) => this.stream.destroy().once('close', () => resolve()));
  }
}
