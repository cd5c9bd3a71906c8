/**
 * Keeps every tool reply far below what MCP clients accept (the official SDK drops the
 * connection past a 10 MiB message, and the server then stops everything the agent
 * started). A reply is at most MAX_REPLY_BYTES of JSON text: long strings keep their head
 * and tail with a marker saying how many bytes were left out in between, the longest
 * ones cut first; a reply that still does not fit is an error telling the agent to ask
 * for less.
 */
import { TempfsError } from '../errors.js';

/** The most JSON text one tool reply carries: 256 KiB (about 64k tokens, already a lot of an agent's context). */
export const MAX_REPLY_BYTES = 256 * 1024;
const SMALLEST_CUT = 1024;

export interface CappedReply {
  /** The data as sent: the original, or a copy with long strings cut and `omittedBytes`. */
  data: Record<string, unknown>;
  text: string;
  /** Bytes left out of strings, 0 when nothing was cut. */
  omittedBytes: number;
}

export function capReply(data: Record<string, unknown>, maxBytes = MAX_REPLY_BYTES): CappedReply {
  let text = JSON.stringify(data, null, 2);
  let size = Buffer.byteLength(text);
  if (size <= maxBytes) return { data, text, omittedBytes: 0 };
  // Halve the longest string allowed until the reply fits.
  for (let fieldCap = maxBytes / 2; fieldCap >= SMALLEST_CUT; fieldCap = Math.floor(fieldCap / 2)) {
    const cut = { omitted: 0 };
    const copy = { ...(cutStrings(data, fieldCap, cut) as Record<string, unknown>), omittedBytes: cut.omitted };
    text = JSON.stringify(copy, null, 2);
    size = Buffer.byteLength(text);
    if (size <= maxBytes) return { data: copy, text, omittedBytes: cut.omitted };
  }
  throw new TempfsError('PROCESS', `the reply would be ${size} bytes, over the ${maxBytes}-byte limit of one reply`, {
    hint: 'ask for less: fewer lines, or page with since/cursor',
  });
}

function cutStrings(value: unknown, cap: number, cut: { omitted: number }): unknown {
  if (typeof value === 'string') return headAndTail(value, cap, cut);
  if (Array.isArray(value)) return value.map((v) => cutStrings(v, cap, cut));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutStrings(v, cap, cut)]));
  }
  return value;
}

/** The first and last cap/2 bytes (on UTF-8 character boundaries) with a marker between. */
export function headAndTail(text: string, cap: number, cut: { omitted: number }): string {
  if (text.length <= cap / 4 || Buffer.byteLength(text) <= cap) return text;
  const bytes = Buffer.from(text);
  let head = Math.floor(cap / 2);
  while (head > 0 && (bytes[head]! & 0xc0) === 0x80) head--;
  let tail = bytes.length - Math.floor(cap / 2);
  while (tail < bytes.length && (bytes[tail]! & 0xc0) === 0x80) tail++;
  const omitted = tail - head;
  cut.omitted += omitted;
  return `${bytes.subarray(0, head).toString()}\n[... ${omitted} bytes left out ...]\n${bytes.subarray(tail).toString()}`;
}
