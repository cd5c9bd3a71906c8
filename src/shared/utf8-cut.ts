/**
 * Where a UTF-8 buffer may be cut without splitting a character: the one place that
 * knows a continuation byte (10xxxxxx) from a byte that starts a character. A cut at
 * `i` keeps bytes [0, i) on one side and [i, end) on the other. A valid character has at
 * most three continuation bytes, so no walk goes further than that (bytes that are not
 * UTF-8 at all are cut where asked).
 */

const isContinuation = (byte: number | undefined): boolean => byte !== undefined && (byte & 0xc0) === 0x80;

/** The character boundary at or before `at` (0..bytes.length). */
export function cutBefore(bytes: Uint8Array, at: number): number {
  let i = Math.max(0, Math.min(at, bytes.length));
  for (let steps = 0; steps < 3 && i > 0 && isContinuation(bytes[i]); steps++) i--;
  return i;
}

/** The character boundary at or after `at` (0..bytes.length). */
export function cutAfter(bytes: Uint8Array, at: number): number {
  let i = Math.max(0, Math.min(at, bytes.length));
  for (let steps = 0; steps < 3 && i < bytes.length && isContinuation(bytes[i]); steps++) i++;
  return i;
}

/**
 * The end of the last whole character of `bytes`, a chunk that may stop inside one (a
 * file read in parts): bytes.length, or the start of the character the chunk cut short.
 */
export function wholeCharsEnd(bytes: Uint8Array): number {
  const last = cutBefore(bytes, bytes.length - 1);
  const lead = bytes[last];
  if (lead === undefined || lead < 0xc0) return bytes.length; // empty, ASCII, or not UTF-8
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return last + size > bytes.length ? last : bytes.length;
}
