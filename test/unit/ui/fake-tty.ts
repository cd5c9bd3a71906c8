/** A terminal-like stream that records what is written to it. */
import { Writable } from 'node:stream';

export class FakeTty extends Writable {
  isTTY = true;
  columns = 100;
  rows = 30;
  readonly chunks: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(String(chunk));
    callback();
  }

  /**
   * What stays on screen after the live frames: the final frame listr2 draws after
   * clearing the last live one, and everything written after it.
   */
  settled(): string {
    const lastErase = this.chunks.findLastIndex((c) => c.includes('\u001b[2K'));
    return this.text(lastErase + 1);
  }

  /** Everything written from chunk `from` on, without escape sequences. */
  text(from = 0): string {
    return stripAnsi(this.chunks.slice(from).join(''));
  }
}

export function stripAnsi(text: string): string {
  // CSI sequences (colours, cursor moves, erase, show/hide cursor).
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/** Wait until `check` holds; a guard against hanging, not a timing assertion. */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 300) throw new Error(`never saw ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
