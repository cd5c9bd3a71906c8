/**
 * Cuts the bytes read from a connection into body data, by the response's framing.
 * The data returned are views of the input (no copy): the caller uses them before the
 * next read overwrites its buffer.
 */
import type { BodyFraming } from './http-head.js';

export interface BodyDecoder {
  /** Body bytes in `bytes`, and whether the body ended within them. */
  feed(bytes: Uint8Array): { data: Uint8Array[]; done: boolean };
  /** The connection closing is the normal end of this body (no length given). */
  readonly endsAtClose: boolean;
  /** The body is the bytes as read (no framing inside): `feed` returns at most one view, a prefix of its input. */
  readonly direct: boolean;
}

export function bodyDecoder(framing: BodyFraming): BodyDecoder {
  switch (framing.kind) {
    case 'none':
      return { endsAtClose: false, direct: false, feed: () => ({ data: [], done: true }) };
    case 'close':
      return { endsAtClose: true, direct: true, feed: (bytes) => ({ data: [bytes], done: false }) };
    case 'length':
      return new LengthBody(framing.length);
    case 'chunked':
      return new ChunkedBody();
  }
}

class LengthBody implements BodyDecoder {
  readonly endsAtClose = false;
  readonly direct = true;
  constructor(private remaining: number) {}

  feed(bytes: Uint8Array): { data: Uint8Array[]; done: boolean } {
    const n = Math.min(this.remaining, bytes.length);
    this.remaining -= n;
    return { data: n > 0 ? [bytes.subarray(0, n)] : [], done: this.remaining === 0 };
  }
}

const CR = 13;
const LF = 10;
const MAX_LINE = 8192;

/** Transfer-Encoding: chunked — `<hex size>[;ext]\r\n<data>\r\n` ... `0\r\n[trailers]\r\n`. */
class ChunkedBody implements BodyDecoder {
  readonly endsAtClose = false;
  readonly direct = false;
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private line = '';
  private remaining = 0;

  feed(bytes: Uint8Array): { data: Uint8Array[]; done: boolean } {
    const data: Uint8Array[] = [];
    let at = 0;
    while (at < bytes.length && this.state !== 'done') {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, bytes.length - at);
        data.push(bytes.subarray(at, at + n));
        at += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const byte = bytes[at++]!;
      if (byte !== LF) {
        if (byte !== CR) this.line += String.fromCharCode(byte);
        if (this.line.length > MAX_LINE) throw new Error('chunked body: line too long');
        continue;
      }
      this.endOfLine();
    }
    return { data, done: this.state === 'done' };
  }

  private endOfLine(): void {
    const line = this.line;
    this.line = '';
    if (this.state === 'data-end') {
      if (line !== '') throw new Error('chunked body: missing CRLF after a chunk');
      this.state = 'size';
    } else if (this.state === 'size') {
      const hex = line.split(';')[0]!.trim();
      if (!/^[0-9a-f]+$/i.test(hex)) throw new Error(`chunked body: bad chunk size ${JSON.stringify(hex)}`);
      this.remaining = parseInt(hex, 16);
      this.state = this.remaining === 0 ? 'trailer' : 'data';
    } else if (line === '') {
      this.state = 'done'; // the blank line after the trailers
    }
  }
}
