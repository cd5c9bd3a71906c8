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

/** The offset just past the blank line that ends a head, or -1 while it is incomplete. */
export function headEnd(bytes: Buffer, searchFrom = 0): number {
  const at = bytes.indexOf(END, Math.max(0, searchFrom - 3));
  return at < 0 ? -1 : at + END.length;
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
