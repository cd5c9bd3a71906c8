/**
 * Splits a byte stream into lines. Keeps a partial-line buffer between chunks and caps
 * one line's length, so a process that prints a huge line without `\n` cannot grow
 * memory without bound: the overflow is cut into several lines of at most `maxLine`.
 */
import { StringDecoder } from 'node:string_decoder';

export const DEFAULT_MAX_LINE = 64 * 1024;

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine = DEFAULT_MAX_LINE,
  ) {}

  push(chunk: Buffer | string): void {
    this.take(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  /** Emits what is left (a last line without `\n`). */
  end(): void {
    this.take(this.decoder.end());
    if (this.partial !== '') this.onLine(this.partial);
    this.partial = '';
  }

  private take(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.append(text.slice(start, nl));
      this.onLine(this.partial);
      this.partial = '';
      start = nl + 1;
    }
    this.append(text.slice(start));
  }

  private append(piece: string): void {
    this.partial += piece;
    while (this.partial.length > this.maxLine) {
      this.onLine(this.partial.slice(0, this.maxLine));
      this.partial = this.partial.slice(this.maxLine);
    }
  }
}
