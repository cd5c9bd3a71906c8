import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Nudge } from '../../../src/readiness/nudge.js';
import { pollUntil, retryDelay, type ProbeContext } from '../../../src/readiness/probe.js';

function context(interval: number, nudge: Nudge, signal = new AbortController().signal): ProbeContext {
  return { engine: {} as ProbeContext['engine'], container: 'c', signal, interval, logs: {} as ProbeContext['logs'], nudge, changed: () => {} };
}

describe('the retry schedule of polled probes', () => {
  it('starts at 10 ms and doubles up to the interval', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(n, 500))).toEqual([10, 20, 40, 80, 160, 320, 500]);
    expect(retryDelay(1000, 2000)).toBe(2000);
    expect(retryDelay(1, 5)).toBe(5);
  });

  it('for a cheap probe, never more than a tenth of the time waited (10 ms at least)', () => {
    expect(retryDelay(7, 500, 0)).toBe(10);
    expect(retryDelay(7, 500, 1500)).toBe(150);
    expect(retryDelay(3, 500, 1500)).toBe(40);
    expect(retryDelay(20, 500, 60_000)).toBe(500);
  });

  describe('with a fake clock', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('tries again after each pause of the schedule', async () => {
      let attempts = 0;
      const done = pollUntil(context(500, new Nudge()), async () => ++attempts >= 5);
      await vi.advanceTimersByTimeAsync(0);
      expect(attempts).toBe(1);
      await vi.advanceTimersByTimeAsync(9);
      expect(attempts).toBe(1);
      await vi.advanceTimersByTimeAsync(1); // 10 ms
      expect(attempts).toBe(2);
      await vi.advanceTimersByTimeAsync(20);
      expect(attempts).toBe(3);
      await vi.advanceTimersByTimeAsync(40);
      expect(attempts).toBe(4);
      await vi.advanceTimersByTimeAsync(80);
      await expect(done).resolves.toBeUndefined();
      expect(attempts).toBe(5);
    });

    it('a nudge (another probe passed) cuts the pause short and restarts the schedule', async () => {
      const nudge = new Nudge();
      let attempts = 0;
      let ready = false;
      const done = pollUntil(context(60_000, nudge), async () => (++attempts, ready));
      // Let the pauses grow: the 10th attempt comes at 10 + 20 + ... + 2560 = 5110 ms,
      // the 11th would come 5120 ms after it.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(attempts).toBe(10);
      nudge.wake();
      await vi.advanceTimersByTimeAsync(0);
      expect(attempts).toBe(11); // at once, not 10 s later
      await vi.advanceTimersByTimeAsync(10); // and the schedule starts again at 10 ms
      expect(attempts).toBe(12);
      ready = true;
      await vi.advanceTimersByTimeAsync(20);
      await expect(done).resolves.toBeUndefined();
      expect(attempts).toBe(13);
    });

    it('a cheap probe that has waited 1.5 s tries again within 0.15 s', async () => {
      let attempts = 0;
      const times: number[] = [];
      const started = Date.now();
      const done = pollUntil(context(500, new Nudge()), async () => (times.push(Date.now() - started), ++attempts >= 40), { cheap: true });
      await vi.advanceTimersByTimeAsync(5_000);
      await expect(done).resolves.toBeUndefined();
      const gaps = times.slice(1).map((t, i) => [times[i]!, t - times[i]!] as const);
      expect(gaps.length).toBe(39);
      for (const [at, gap] of gaps) expect(gap).toBeLessThanOrEqual(Math.max(10, Math.round(at / 10)));
      expect(times.at(-1)).toBeGreaterThan(1000); // the pauses still grow
    });

    it('an abort during a pause rejects with the reason', async () => {
      const controller = new AbortController();
      const done = pollUntil(context(1000, new Nudge(), controller.signal), async () => false);
      const rejected = expect(done).rejects.toThrow('deadline');
      await vi.advanceTimersByTimeAsync(15);
      controller.abort(new Error('deadline'));
      await rejected;
    });
  });
});
