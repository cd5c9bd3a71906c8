import { describe, expect, it } from 'vitest';
import { containerTitle, modelTitle, rowLabels } from '../../../src/ui/row-title.js';

describe('row titles', () => {
  it('pads names so the statuses line up', () => {
    expect(rowLabels(['llama-server', 'qwen'])).toEqual(['llama-server  ', 'qwen          ']);
  });

  it('shows a live clock on an open row and the step time on a finished one', () => {
    const waiting = { type: 'container', service: 'sandbox', status: 'waiting', detail: 'for tcp 127.0.0.1:8080', elapsedMs: 500 } as const;
    expect(containerTitle('sandbox  ', waiting, false, 3200)).toBe('sandbox  waiting for tcp 127.0.0.1:8080 3.2s');
    expect(containerTitle('sandbox  ', waiting, false)).toBe('sandbox  waiting for tcp 127.0.0.1:8080');
    expect(containerTitle('sandbox  ', { type: 'container', service: 'sandbox', status: 'ready', elapsedMs: 4100 }, false)).toBe('sandbox  ready (4.1s)');
  });

  it('gives a failed row the first line of the reason, without repeating the name', () => {
    const failed = { type: 'container', service: 'web', status: 'failed', detail: 'web: exited with code 3 before it was ready\n  last log line' } as const;
    expect(containerTitle('web  ', failed, false)).toBe('web  failed: exited with code 3 before it was ready');
    expect(containerTitle('web  ', failed, true)).toBe('\u001b[1mweb  \u001b[22m\u001b[31mfailed: exited with code 3 before it was ready\u001b[39m');
  });

  it('describes model rows: progress, retries, lock, cache and failure', () => {
    const mib = 1024 * 1024;
    expect(modelTitle('qwen  ', { type: 'model', model: 'qwen', status: 'downloading', bytes: 5 * mib, total: null }, false)).toBe('qwen  5.0 MiB');
    expect(modelTitle('qwen  ', { type: 'model', model: 'qwen', status: 'downloading', detail: 'retry 2/5 in 400 ms: ECONNRESET' }, false)).toBe(
      'qwen  retry 2/5 in 400 ms: ECONNRESET',
    );
    expect(modelTitle('qwen  ', { type: 'model', model: 'qwen', status: 'waiting-for-lock' }, false)).toBe('qwen  waiting for another download of it');
    expect(modelTitle('qwen  ', { type: 'model', model: 'qwen', status: 'done', bytes: 469 * mib }, false)).toBe('qwen  downloaded (469 MiB)');
    expect(modelTitle('qwen  ', { type: 'model', model: 'qwen', status: 'failed', detail: 'sha256 mismatch' }, false)).toBe('qwen  failed: sha256 mismatch');
  });
});
