// What the benchmarks share: the median of a series, and timing one call many times.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Calls `fn` 5 times to warm up, then `runs` times; prints the median (and with `p90`,
 * the 90th percentile) after the label padded to `width`, and returns the median in ms.
 */
export async function timeEach(label, fn, { runs, width, p90 = false }) {
  for (let i = 0; i < 5; i++) await fn(); // warm-up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  const m = median(times);
  const tail = p90 ? `  (p90 ${[...times].sort((a, b) => a - b)[Math.floor(runs * 0.9)].toFixed(2)})` : '';
  console.log(`${label.padEnd(width)} median ${m.toFixed(2)} ms${tail}`);
  return m;
}
