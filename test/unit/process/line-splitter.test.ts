import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/shared/line-splitter.js';

function split(chunks: (string | Buffer)[], maxLine?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line), maxLine);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('joins a line split across chunks and keeps empty lines', () => {
    expect(split(['ab', 'c\nd', 'e\n\nf'])).toEqual(['abc', 'de', '', 'f']);
  });

  it('emits no extra line after a final newline', () => {
    expect(split(['a\nb\n'])).toEqual(['a', 'b']);
  });

  it('keeps a multibyte character cut between two chunks', () => {
    const bytes = Buffer.from('é\n');
    expect(split([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual(['é']);
  });

  it('cuts a line longer than the cap into pieces', () => {
    expect(split(['abcdefg', 'hij\nk'], 4)).toEqual(['abcd', 'efgh', 'ij', 'k']);
  });

  it('strips nothing but the newline', () => {
    expect(split(['  a\r\n\tb \x1b[1m\n'])).toEqual(['  a\r', '\tb \x1b[1m']);
  });
});
