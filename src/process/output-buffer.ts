/**
 * What a terminal (or one command in it) printed: the screen view as a ring of lines
 * plus the current partial line (a prompt, a progress bar), and the raw stream (escape
 * sequences kept, bounded in characters; rawChars 0 keeps none) for clients that render
 * it. Emits `line` (LogEntry), `partial` (the partial line's text, when it changes),
 * `data` (each raw chunk) and `end` (once).
 */
import { EventEmitter } from 'node:events';
import { RingBuffer } from './ring-buffer.js';
import { ScreenLine } from './screen-line.js';

export const DEFAULT_RAW_CHARS = 256 * 1024;

export class OutputBuffer extends EventEmitter {
  readonly ring: RingBuffer;
  ended = false;
  private readonly screen: ScreenLine;
  private rawText = '';
  /** Characters dropped from the front of `raw` so far: raw offsets keep growing. */
  private rawDropped = 0;
  private lastPartial = '';

  constructor(lines: number, private readonly rawChars = DEFAULT_RAW_CHARS) {
    super();
    this.ring = new RingBuffer(lines);
    this.screen = new ScreenLine((line) => this.emit('line', this.ring.push('stdout', line)));
  }

  /** The current line without `\n`; '' when there is none. */
  get partial(): string {
    return this.screen.partial;
  }

  /** Total characters received so far (an offset for `rawSince`). */
  get rawOffset(): number {
    return this.rawDropped + this.rawText.length;
  }

  push(text: string): void {
    if (this.ended || text === '') return;
    if (this.rawChars === 0) this.rawDropped += text.length;
    else this.keepRaw(text);
    this.emit('data', text);
    const seq = this.ring.lastSeq;
    this.screen.push(text);
    const partial = this.screen.partial;
    // A new line with the same text (the same prompt again) is a change too.
    if (partial !== this.lastPartial || this.ring.lastSeq !== seq) {
      this.lastPartial = partial;
      if (partial !== '') this.emit('partial', partial);
    }
  }

  private keepRaw(text: string): void {
    this.rawText += text;
    // Trimmed back to rawChars only once it holds twice that: trimming on every chunk
    // copied the whole held text per chunk (2.7 MiB/s of output at most). rawSince hides the surplus.
    if (this.rawText.length > 2 * this.rawChars) {
      const cut = this.rawText.length - this.rawChars;
      this.rawText = this.rawText.slice(cut);
      this.rawDropped += cut;
    }
  }

  /** The raw stream from `offset` on (what is still held of it). */
  rawSince(offset = 0): string {
    const from = Math.max(offset, this.rawOffset - this.rawChars);
    return this.rawText.slice(Math.max(0, from - this.rawDropped));
  }

  /** The newest lines and the partial one, as a screen shows them. */
  screenText(lines = 50): string {
    const held = this.ring.range(this.ring.lastSeq - lines + 1).map((e) => e.text);
    if (this.partial !== '') held.push(this.partial);
    return held.join('\n');
  }

  end(): void {
    if (this.ended) return;
    this.screen.flush();
    this.ended = true;
    this.emit('end');
  }
}
