import { describe, expect, it } from 'vitest';
import { readLogs } from '../../../src/process/read-logs.js';
import { RingBuffer } from '../../../src/process/ring-buffer.js';

function filled(capacity: number, count: number): RingBuffer {
  const ring = new RingBuffer(capacity);
  for (let i = 1; i <= count; i++) ring.push(i % 2 ? 'stdout' : 'stderr', `l${i}`);
  return ring;
}
const texts = (r: { logs: { text: string }[] }) => r.logs.map((e) => e.text);

describe('RingBuffer', () => {
  it('keeps the last N lines with growing sequence numbers', () => {
    const ring = filled(3, 5);
    expect(ring.size).toBe(3);
    expect(ring.all()).toEqual([
      { seq: 3, stream: 'stdout', text: 'l3' },
      { seq: 4, stream: 'stderr', text: 'l4' },
      { seq: 5, stream: 'stdout', text: 'l5' },
    ]);
  });

  it('rejects a size below one', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('readLogs', () => {
  it('returns the newest lines and a cursor at the last one', () => {
    const r = readLogs(filled(10, 8), 3);
    expect(texts(r)).toEqual(['l6', 'l7', 'l8']);
    expect(r).toMatchObject({ lineCount: 3, cursor: 8, dropped: 0 });
  });

  it('pages forward from a cursor, oldest first', () => {
    const ring = filled(10, 8);
    const first = readLogs(ring, 3, 2);
    expect(texts(first)).toEqual(['l3', 'l4', 'l5']);
    const second = readLogs(ring, 3, first.cursor);
    expect(texts(second)).toEqual(['l6', 'l7', 'l8']);
    const third = readLogs(ring, 3, second.cursor);
    expect(third).toMatchObject({ logs: [], lineCount: 0, cursor: 8 });
  });

  it('counts the lines after the cursor that were already dropped', () => {
    const r = readLogs(filled(4, 10), 50, 2);
    expect(texts(r)).toEqual(['l7', 'l8', 'l9', 'l10']);
    expect(r).toMatchObject({ cursor: 10, dropped: 4 });
  });

  it('is empty for an empty buffer', () => {
    expect(readLogs(new RingBuffer(5))).toEqual({ logs: [], lineCount: 0, cursor: 0, dropped: 0 });
    expect(readLogs(new RingBuffer(5), 10, 0)).toEqual({ logs: [], lineCount: 0, cursor: 0, dropped: 0 });
  });
});
