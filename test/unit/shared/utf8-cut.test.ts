import { describe, expect, it } from 'vitest';
import { cutAfter, cutBefore, wholeCharsEnd } from '../../../src/shared/utf8-cut.js';

/** ASCII, then 2-, 3- and 4-byte characters, each next to its own kind and to the others. */
const TEXTS = ['plain ascii', 'ééé', '€€€', '😀😀😀', 'aé€😀b', '😀€éa'];

/** The byte offsets where a character starts, plus the end. */
function boundaries(text: string): number[] {
  const at = [0];
  for (const char of text) at.push(at.at(-1)! + Buffer.byteLength(char));
  return at;
}

describe('utf8 cuts', () => {
  it('cut before or after every position of every kind of character, on a boundary next to it', () => {
    for (const text of TEXTS) {
      const bytes = Buffer.from(text);
      const starts = boundaries(text);
      for (let i = 0; i <= bytes.length; i++) {
        const before = starts.filter((b) => b <= i).at(-1);
        const after = starts.find((b) => b >= i);
        expect(cutBefore(bytes, i), `${text} before ${i}`).toBe(before);
        expect(cutAfter(bytes, i), `${text} after ${i}`).toBe(after);
        // Both halves decode to whole characters.
        expect(bytes.subarray(0, cutBefore(bytes, i)).toString()).not.toContain('\uFFFD');
        expect(bytes.subarray(cutAfter(bytes, i)).toString()).not.toContain('\uFFFD');
      }
    }
  });

  it('a chunk that stops inside a character ends before it; a whole one ends at its end', () => {
    for (const text of TEXTS) {
      const bytes = Buffer.from(text);
      for (let i = 0; i <= bytes.length; i++) {
        expect(wholeCharsEnd(bytes.subarray(0, i)), `${text} chunk of ${i}`).toBe(cutBefore(bytes, i));
      }
    }
  });

  it('an empty buffer is cut at 0', () => {
    const empty = Buffer.alloc(0);
    expect([cutBefore(empty, 0), cutAfter(empty, 0), wholeCharsEnd(empty)]).toEqual([0, 0, 0]);
  });

  it('walks at most three bytes over bytes that are not UTF-8', () => {
    const junk = Buffer.alloc(10, 0x80);
    expect(cutBefore(junk, 8)).toBe(5);
    expect(cutAfter(junk, 2)).toBe(5);
    expect(wholeCharsEnd(junk)).toBe(10);
  });
});
