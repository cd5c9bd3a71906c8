/**
 * The head of an HTTP/1.1 response (status line and header fields) and how its body is
 * delimited (RFC 9112 §6.3). Only what a GET of a file needs.
 */

export interface ResponseHead {
  status: number;
  /** Lower-cased names; repeated fields joined with ", ". */
  headers: Map<string, string>;
}

export type BodyFraming = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

const END = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;

/** Collects the head of a response from successive reads. */
export class HeadReader {
  private bytes = Buffer.alloc(0);

  /** The final head and the bytes after it, once complete (null: read on). Throws on a bad head. */
  push(chunk: Uint8Array): { head: ResponseHead; rest: Buffer } | null {
    let from = Math.max(0, this.bytes.length - 3);
    this.bytes = Buffer.concat([this.bytes, chunk]);
    for (;;) {
      const at = this.bytes.indexOf(END, from);
      if (at < 0) {
        if (this.bytes.length > MAX_HEAD) throw new Error(`response head larger than ${MAX_HEAD} bytes`);
        return null;
      }
      const head = parseHead(this.bytes.subarray(0, at).toString('latin1'));
      this.bytes = this.bytes.subarray(at + END.length);
      // 1xx (103 Early Hints from a CDN...) come before the real response.
      if (head.status >= 200) return { head, rest: this.bytes };
      from = 0;
    }
  }
}

export function parseHead(text: string): ResponseHead {
  const lines = text.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
  if (!m) throw new Error(`not an HTTP/1.1 response: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const seen = headers.get(name);
    headers.set(name, seen === undefined ? value : `${seen}, ${value}`);
  }
  return { status: Number(m[1]), headers };
}

export function bodyFraming(head: ResponseHead): BodyFraming {
  const { status, headers } = head;
  if (status < 200 || status === 204 || status === 304) return { kind: 'none' };
  const te = headers.get('transfer-encoding');
  if (te !== undefined) {
    if (/(?:^|,)\s*chunked\s*$/i.test(te)) return { kind: 'chunked' };
    return { kind: 'close' };
  }
  const cl = headers.get('content-length');
  if (cl !== undefined) {
    // Repeated identical values ("10, 10") are allowed; anything else is a broken response.
    const values = new Set(cl.split(',').map((v) => v.trim()));
    const [only] = values;
    if (values.size !== 1 || !/^\d+$/.test(only!)) throw new Error(`invalid Content-Length: ${cl}`);
    return { kind: 'length', length: Number(only) };
  }
  return { kind: 'close' };
}
