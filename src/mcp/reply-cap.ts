/**
 * Keeps every tool reply far below what MCP clients accept (the official SDK drops the
 * connection past a 10 MiB message, and the server then stops everything the agent
 * started). A reply is at most MAX_REPLY_BYTES of JSON text: long strings keep their head
 * and tail with a marker saying how many bytes were left out in between, the longest
 * ones cut first; a reply that still does not fit is an error telling the agent to ask
 * for less.
 */
import { TempfsError } from '../errors.js';
import { cutAfter, cutBefore } from '../shared/utf8-cut.js';

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
function headAndTail(text: string, cap: number, cut: { omitted: number }): string {
  if (text.length <= cap / 4 || Buffer.byteLength(text) <= cap) return text;
  const bytes = Buffer.from(text);
  const head = cutBefore(bytes, Math.floor(cap / 2));
  const tail = cutAfter(bytes, bytes.length - Math.floor(cap / 2));
  const omitted = tail - head;
  cut.omitted += omitted;
  return `${bytes.subarray(0, head).toString()}\n[... ${omitted} bytes left out ...]\n${bytes.subarray(tail).toString()}`;
}

/** What the output fields of a result hold by default (per server: `tempfs mcp --max-output`; per call: `maxBytes`). */
export const DEFAULT_OUTPUT_BYTES = 16 * 1024;
export const MIN_OUTPUT_BYTES = 256;
export const MAX_OUTPUT_BYTES = 128 * 1024;

export interface CutText {
  text: string;
  /** Bytes left out, 0 when the text fitted. */
  omittedBytes: number;
}

/**
 * At most `maxBytes` of UTF-8, the marker included: the head and the tail (half each, on
 * character boundaries, moved to a line boundary when one is near) with a line between
 * saying how many bytes were left out and, when given, `readMore` (how to get them).
 */
export function capText(text: string, maxBytes: number, readMore?: string): CutText {
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return { text, omittedBytes: 0 };
  const marker = (omitted: number) => `\n[... ${omitted} bytes left out${readMore ? `: ${readMore}` : ''} ...]\n`;
  // The marker for the whole length is at least as long as the real one.
  const budget = Math.max(0, maxBytes - Buffer.byteLength(marker(bytes.length)));
  let head = Math.floor(budget / 2);
  let tail = bytes.length - (budget - head);
  const nl = bytes.lastIndexOf(0x0a, head - 1);
  if (nl > head * 0.75) head = nl;
  const nlTail = bytes.indexOf(0x0a, tail);
  if (nlTail !== -1 && nlTail + 1 - tail < (bytes.length - tail) * 0.25) tail = nlTail + 1;
  head = cutBefore(bytes, head);
  tail = cutAfter(bytes, tail);
  const omitted = tail - head;
  return { text: `${bytes.subarray(0, head).toString()}${marker(omitted)}${bytes.subarray(tail).toString()}`, omittedBytes: omitted };
}

export interface OutputCap {
  maxBytes: number;
  /** Keep `stdout` and `stderr` (each a quarter of the cap, `output` the other half); otherwise they are dropped. */
  streams: boolean;
}

/**
 * Caps the command output fields of a tool result (`output`, and `stdout`/`stderr` when
 * asked for) to `maxBytes` in all; a cut result says so (`truncated`, `omittedBytes`) and
 * how to read everything (`terminal_logs` on its processId).
 */
export function capOutputs(data: Record<string, unknown>, cap: OutputCap): Record<string, unknown> {
  if (Array.isArray(data.outputs)) return capHistory(data, cap.maxBytes);
  const { stdout, stderr, ...rest } = data;
  const fields: [string, unknown, number][] = [['output', data.output, cap.streams ? cap.maxBytes / 2 : cap.maxBytes]];
  if (cap.streams) fields.push(['stdout', stdout, cap.maxBytes / 4], ['stderr', stderr, cap.maxBytes / 4]);
  const processId = typeof data.processId === 'string' ? data.processId : undefined;
  const readMore = processId ? `terminal_logs {"processId": "${processId}", "since": 0} pages through all of it` : undefined;
  const out: Record<string, unknown> = { ...rest };
  let omitted = 0;
  for (const [key, value, bytes] of fields) {
    if (typeof value !== 'string') continue;
    const cut = capText(value, Math.floor(bytes), readMore);
    out[key] = cut.text;
    omitted += cut.omittedBytes;
  }
  if (omitted === 0) return out;
  return {
    ...out,
    truncated: true,
    omittedBytes: omitted,
    hint: `output capped at ${cap.maxBytes} bytes (its head and tail kept)${readMore ? `; ${readMore} (pass each returned cursor back as since)` : ''}, or ask again with a larger maxBytes (at most ${MAX_OUTPUT_BYTES})`,
  };
}

interface HistoryItem {
  processId?: unknown;
  output?: unknown;
}

/**
 * A terminal's history (`outputs`, and the same texts as `entries[].output`) within
 * `maxBytes` of output in all, each copy half of it: outputs that fit their share stay
 * whole, what they leave is shared by the longer ones (the newest first when it does not
 * divide), which keep their head and tail with a marker naming the processId to page it with.
 */
function capHistory(data: Record<string, unknown>, maxBytes: number): Record<string, unknown> {
  const outputs = data.outputs as unknown[];
  const entries = Array.isArray(data.entries) ? (data.entries as HistoryItem[]) : [];
  const sizes = outputs.map((o) => (typeof o === 'string' ? Buffer.byteLength(o) : 0));
  const shares = fairShares(sizes, Math.floor(maxBytes / 2));
  let omitted = 0;
  const cut = outputs.map((o, i) => {
    if (typeof o !== 'string' || sizes[i]! <= shares[i]!) return o;
    const processId = entries[i]?.processId;
    const text = capText(o, shares[i]!, typeof processId === 'string' ? `terminal_logs {"processId": "${processId}", "since": 0}` : undefined);
    omitted += text.omittedBytes;
    return text.text;
  });
  if (omitted === 0) return data;
  return {
    ...data,
    outputs: cut,
    entries: entries.map((e, i) => (typeof e.output === 'string' && cut[i] !== outputs[i] ? { ...e, output: cut[i] } : e)),
    truncated: true,
    omittedBytes: omitted,
    hint: `outputs capped at ${maxBytes} bytes in all (each output twice: outputs and entries), each cut one keeps its head and tail; terminal_logs on its processId pages through it, or ask with last, or a larger maxBytes (at most ${MAX_OUTPUT_BYTES})`,
  };
}

/** Bytes for each size out of `budget`: the small ones whole, the rest shared evenly (the remainder to the last ones). */
function fairShares(sizes: number[], budget: number): number[] {
  const shares = new Array<number>(sizes.length).fill(0);
  let left = budget;
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => a.size - b.size || a.i - b.i);
  order.forEach(({ size, i }, k) => {
    const share = Math.min(size, Math.floor(left / (order.length - k)));
    shares[i] = share;
    left -= share;
  });
  return shares;
}
