// What the benchmarks share: the median of a series, timing one call many times, and the
// removals of containers as `podman events` stamps them.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

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

/** Epoch ms (fractional) of an RFC 3339 stamp with up to nanoseconds. */
export function epochMs(stamp) {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(stamp);
  return Date.parse(`${m[1]}Z`) + Number(`0.${m[2] ?? '0'}`) * 1000;
}

/**
 * Streams the `remove` events of containers carrying `label` (`key=value`) since `since`;
 * `done` resolves to the stamp of the last of `count` (the measuring does not load the machine).
 */
export function removals(label, count, since) {
  const events = spawn('podman', [
    'events', '--since', new Date(since).toISOString(), '--format', 'json',
    '--filter', `label=${label}`, '--filter', 'event=remove', '--filter', 'type=container',
  ], { stdio: ['ignore', 'pipe', 'ignore'] });
  const times = [];
  const done = new Promise((resolve) => {
    createInterface({ input: events.stdout }).on('line', (line) => {
      times.push(epochMs(JSON.parse(line).Time));
      if (times.length === count) {
        events.kill();
        resolve(Math.max(...times));
      }
    });
  });
  return { done, stop: () => events.kill() };
}

/**
 * A `podman system service` on `socket` for a bench's "via podman service" rows (engine-api.ts
 * sends tempfs's networks and removals there); resolves once it answers. `stop()` ends it.
 */
export async function startPodmanService(socket) {
  const { request } = await import('node:http');
  const child = spawn('podman', ['system', 'service', '--time', '0', `unix://${socket}`], { stdio: 'ignore' });
  const ping = () => new Promise((resolve) => request({ socketPath: socket, path: '/_ping' }, (res) => (res.resume(), resolve(res.statusCode === 200))).on('error', () => resolve(false)).end());
  for (let i = 0; !(await ping()); i++) {
    if (i > 100) throw new Error(`podman system service did not listen on ${socket}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { stop: () => child.kill() };
}
