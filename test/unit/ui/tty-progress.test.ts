import { afterEach, describe, expect, it } from 'vitest';
import { createProgress } from '../../../src/ui/progress.js';
import { createTtyProgress } from '../../../src/ui/tty-progress.js';
import { FakeTty, until } from './fake-tty.js';

const opened: { done(): Promise<void> }[] = [];
afterEach(async () => {
  // Never leave a renderer running (its spinner would keep the worker alive).
  await Promise.all(opened.splice(0).map((p) => p.done()));
});

function tty(now?: () => number) {
  const out = new FakeTty();
  const progress = createTtyProgress(out, { color: false, now, tickMs: 20 });
  opened.push(progress);
  return { out, progress, ev: progress.events };
}

describe('tty progress (listr2 rows)', () => {
  it('draws one row per planned container and model and ends with the final states', async () => {
    const { out, progress, ev } = tty();
    ev({ type: 'plan', services: ['llama-server', 'sandbox'], models: ['qwen'] });
    ev({ type: 'model', model: 'qwen', status: 'cached', bytes: 1024 * 1024 });
    ev({ type: 'container', service: 'llama-server', status: 'starting' });
    ev({ type: 'container', service: 'sandbox', status: 'pending', detail: 'until llama-server is ready' });
    ev({ type: 'container', service: 'llama-server', status: 'ready', elapsedMs: 4100 });
    ev({ type: 'container', service: 'sandbox', status: 'starting' });
    ev({ type: 'container', service: 'sandbox', status: 'ready', elapsedMs: 300 });
    await progress.done();
    expect(out.settled().trim().split('\n')).toEqual([
      '✔ qwen          cached (1.0 MiB)',
      '✔ llama-server  ready (4.1s)',
      '✔ sandbox       ready (0.3s)',
    ]);
  });

  it('shows a live row for a waiting container whose clock ticks between events', async () => {
    let now = 10_000;
    const { out, ev } = tty(() => now);
    ev({ type: 'plan', services: ['sandbox'], models: [] });
    ev({ type: 'container', service: 'sandbox', status: 'waiting', detail: 'for log /listening on/ (0 of 1 matches)', elapsedMs: 1000 });
    await until(() => out.text().includes('sandbox  waiting for log /listening on/ (0 of 1 matches) 1.0s'), 'the waiting row');
    now += 2200;
    // No new event: only the ticker can move the clock.
    await until(() => out.text().includes('sandbox  waiting for log /listening on/ (0 of 1 matches) 3.2s'), 'the clock at 3.2s');
    expect(out.text()).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] sandbox {2}waiting/);
  });

  it('shows download progress on a model row', async () => {
    const { out, ev } = tty();
    ev({ type: 'plan', services: [], models: ['qwen'] });
    ev({ type: 'model', model: 'qwen', status: 'downloading', bytes: 312 * 1024 * 1024, total: 469 * 1024 * 1024, speed: 48 * 1024 * 1024, etaSec: 3 });
    await until(() => out.text().includes('qwen  312 MiB of 469 MiB, 48.0 MiB/s, 3.0s left'), 'the download row');
    expect(out.text()).toContain('qwen  312 MiB of 469 MiB');
  });

  it('keeps the reason on a failed row even when cleanup events follow, and prints messages after the rows', async () => {
    const { out, progress, ev } = tty();
    ev({ type: 'plan', services: ['db', 'web'], models: [] });
    ev({ type: 'container', service: 'db', status: 'starting' });
    ev({ type: 'message', level: 'warn', text: 'something to say' });
    ev({ type: 'container', service: 'db', status: 'failed', detail: 'db exited with code 3 before it was ready\nlast log lines...' });
    ev({ type: 'container', service: 'db', status: 'removed', elapsedMs: 100 });
    ev({ type: 'container', service: 'web', status: 'pending', detail: 'until db is ready' });
    expect(out.text()).not.toContain('something to say');
    await progress.done();
    expect(out.settled().trim().split('\n')).toEqual([
      '✖ db   failed: db exited with code 3 before it was ready',
      '↓ web  pending until db is ready',
      'warning: something to say',
    ]);
  });

  it('prints plain lines without a plan, for events of unplanned rows, and after done()', async () => {
    const { out, progress, ev } = tty();
    ev({ type: 'container', service: 'a', status: 'removed', elapsedMs: 200 });
    expect(out.text()).toBe('a removed (0.2s)\n');
    ev({ type: 'plan', services: ['b'], models: [] });
    ev({ type: 'container', service: 'stray', status: 'stopping' });
    ev({ type: 'container', service: 'b', status: 'running' });
    await progress.done();
    ev({ type: 'container', service: 'b', status: 'removed', elapsedMs: 1500 });
    ev({ type: 'message', level: 'info', text: 'bye' });
    const lines = out.text().trim().split('\n');
    expect(lines.slice(-4)).toEqual(['✔ b  running', 'stray stopping', 'b removed (1.5s)', 'bye']);
  });

  it('writes no colour with color off and colours the rows with color on', async () => {
    const plainOut = tty();
    plainOut.ev({ type: 'plan', services: ['a'], models: [] });
    plainOut.ev({ type: 'container', service: 'a', status: 'ready', elapsedMs: 10 });
    await plainOut.progress.done();
    expect(plainOut.out.chunks.join('')).not.toMatch(/\u001b\[[0-9;]*m/);

    const out = new FakeTty();
    const colored = createTtyProgress(out, { color: true, tickMs: 20 });
    opened.push(colored);
    colored.events({ type: 'plan', services: ['a'], models: [] });
    colored.events({ type: 'container', service: 'a', status: 'ready', elapsedMs: 10 });
    await colored.done();
    expect(out.chunks.join('')).toContain('\u001b[32m✔\u001b[39m');
  });

  it('gives the stream back: writes by others during the rows come after them', async () => {
    const { out, progress, ev } = tty();
    ev({ type: 'plan', services: ['a'], models: [] });
    await until(() => out.text().includes('a'), 'the first frame');
    out.write('stray write\n');
    ev({ type: 'container', service: 'a', status: 'ready', elapsedMs: 10 });
    await progress.done();
    out.write('after\n');
    expect(out.settled().trim().split('\n')).toEqual(['✔ a  ready (0.0s)', 'stray write', 'after']);
    // done() again is harmless.
    await progress.done();
  });
});

describe('createProgress modes', () => {
  it('auto draws rows on a terminal and plain lines elsewhere', async () => {
    const term = new FakeTty();
    const rows = createProgress('auto', term, { isTTY: true, color: false });
    rows.events({ type: 'plan', services: ['a'], models: [] });
    rows.events({ type: 'container', service: 'a', status: 'ready', elapsedMs: 10 });
    await rows.done();
    expect(term.text()).toContain('✔ a  ready (0.0s)');

    const pipe = new FakeTty();
    const plain = createProgress('auto', pipe, { isTTY: false, color: false });
    plain.events({ type: 'plan', services: ['a'], models: [] });
    plain.events({ type: 'container', service: 'a', status: 'ready', elapsedMs: 10 });
    await plain.done();
    expect(pipe.text()).toBe('a ready (0.0s)\n');
  });

  it('json writes the plan event as one more JSON line', async () => {
    const out = new FakeTty();
    const json = createProgress('json', out, { isTTY: true, color: false });
    json.events({ type: 'plan', services: ['a'], models: ['m'] });
    await json.done();
    expect(JSON.parse(out.text())).toMatchObject({ type: 'plan', services: ['a'], models: ['m'] });
  });
});
