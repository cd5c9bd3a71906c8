import { describe, expect, it } from 'vitest';
import { printable } from '../../../src/repl/printable.js';

describe('printable', () => {
  it('keeps text, newlines and tabs as they are', () => {
    expect(printable('héllo\tworld\nnext — 日本 🙂')).toBe('héllo\tworld\nnext — 日本 🙂');
  });

  it('escapes every other C0 control, DEL and the C1 controls', () => {
    expect(printable('\x1b[2J\x1b]0;pwned\x07')).toBe('\\x1b[2J\\x1b]0;pwned\\x07');
    expect(printable('ab\b\bcd\rxy')).toBe('ab\\x08\\x08cd\\x0dxy');
    expect(printable('\x00\x7f\x85\x9b31m')).toBe('\\x00\\x7f\\x85\\x9b31m');
    const all = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join('');
    // Only \t, \n and the printable ASCII range survive unescaped.
    expect(printable(all).replace(/\\x[0-9a-f]{2}/g, '')).toBe('\t\n' + Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(''));
  });
});
