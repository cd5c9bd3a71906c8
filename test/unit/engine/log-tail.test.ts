import { describe, expect, it } from 'vitest';
import type { LogLine, LogOptions } from '../../../src/engine/engine.js';
import { tailLog } from '../../../src/engine/log-tail.js';

const line = (n: number): LogLine => ({ stream: n % 2 ? 'stderr' : 'stdout', line: `line ${n}` });

/** A log of `history` lines; a followed read also gets `later` more. Records every read's options. */
function fakeLog(history: number, later = 0) {
  const reads: LogOptions[] = [];
  const read = async function* (o: LogOptions): AsyncGenerator<LogLine> {
    reads.push(o);
    const total = o.follow ? history + later : history;
    for (let i = 1; i <= total; i++) yield line(i);
  };
  return { read, reads };
}

async function collect(it: AsyncIterable<LogLine>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(l.line);
  return out;
}

describe('tailLog', () => {
  it('keeps the last N lines of a long log, in order, without asking the engine for --tail', async () => {
    const log = fakeLog(10_000);
    expect(await collect(tailLog(log.read, { tail: 3 }))).toEqual(['line 9998', 'line 9999', 'line 10000']);
    expect(log.reads).toEqual([{}]);
  });

  it('returns everything when the log is shorter, and nothing for 0', async () => {
    expect(await collect(tailLog(fakeLog(2).read, { tail: 5 }))).toEqual(['line 1', 'line 2']);
    expect(await collect(tailLog(fakeLog(4).read, { tail: 0 }))).toEqual([]);
  });

  it('with follow: the tail of the history, then only the lines after it', async () => {
    const log = fakeLog(5, 2);
    expect(await collect(tailLog(log.read, { tail: 2, follow: true }))).toEqual(['line 4', 'line 5', 'line 6', 'line 7']);
    expect(log.reads.map((o) => o.follow ?? false)).toEqual([false, true]);
  });

  it('fixes a relative --since once so both reads start at the same line', async () => {
    const log = fakeLog(1, 1);
    await collect(tailLog(log.read, { tail: 1, follow: true, since: '10m' }));
    expect(log.reads[0]!.since).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(log.reads[1]!.since).toBe(log.reads[0]!.since);
    const absolute = fakeLog(1);
    await collect(tailLog(absolute.read, { tail: 1, since: '2026-01-01T00:00:00Z' }));
    expect(absolute.reads[0]!.since).toBe('2026-01-01T00:00:00Z');
  });
});
