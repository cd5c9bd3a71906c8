import { describe, expect, it } from 'vitest';
import { exitShape } from '../../../src/process/exit-shape.js';
import { keyBytes } from '../../../src/process/keys.js';
import { ScreenLine } from '../../../src/process/screen-line.js';
import { MarkerParser, type Marker } from '../../../src/process/shell-integration.js';

function screen(chunks: string[]): { lines: string[]; partial: string } {
  const lines: string[] = [];
  const s = new ScreenLine((line) => lines.push(line));
  for (const chunk of chunks) s.push(chunk);
  return { lines, partial: s.partial };
}

describe('the screen view of a line', () => {
  it('applies \\r overwrites, backspace and erase-in-line, and drops colours and OSC titles', () => {
    expect(screen(['10%\r50%\r100%\r\n']).lines).toEqual(['100%']);
    expect(screen(['abcdef\rxy\x1b[K\n']).lines).toEqual(['xy']);
    expect(screen(['abc\b\bX\n']).lines).toEqual(['aXc']);
    expect(screen(['\x1b[1;31mred\x1b[0m \x1b]0;title\x07ok\n']).lines).toEqual(['red ok']);
  });

  it('holds an escape sequence split across chunks and keeps the partial line with its trailing space', () => {
    expect(screen(['\x1b[3', '1mhi\x1b', '[0m\n', 'name? '])).toEqual({ lines: ['hi'], partial: 'name? ' });
  });
});

describe('shell-integration markers', () => {
  it('strips markers, also split across chunks, and reads exit code, cwd and command', () => {
    const texts: string[] = [];
    const markers: Marker[] = [];
    const parser = new MarkerParser((t) => texts.push(t), (m) => markers.push(m));
    for (const chunk of ['out\r\n\x1b]69', '73;D;130;/tmp/a b;\tsleep 5\r\n\x07', 'user@h:/tmp$ \x1b]6973;C\x07x']) parser.push(chunk);
    expect(texts.join('')).toBe('out\r\nuser@h:/tmp$ x');
    expect(markers).toEqual([{ kind: 'D', exitCode: 130, cwd: '/tmp/a b', command: 'sleep 5' }, { kind: 'C' }]);
  });
});

describe('keys and exit shapes', () => {
  it('names keys as a terminal sends them and refuses unknown ones', () => {
    expect(['ctrl-c', 'ctrl-d', 'enter', 'up', 'esc', 'tab'].map(keyBytes)).toEqual(['\x03', '\x04', '\r', '\x1b[A', '\x1b', '\t']);
    expect(() => keyBytes('hyper-x')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('reports a signal the same way whether Node saw it or a shell said 128+N', () => {
    expect(exitShape(null, 'SIGTERM')).toEqual({ exitCode: 143, signal: 'SIGTERM' });
    expect(exitShape(143, null)).toEqual({ exitCode: 143, signal: 'SIGTERM' });
    expect(exitShape(3, null)).toEqual({ exitCode: 3, signal: null });
  });
});
