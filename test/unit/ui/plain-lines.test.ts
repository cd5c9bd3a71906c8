import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { plainSink } from '../../../src/ui/plain-lines.js';

describe('plain progress lines', () => {
  it('prints a line per change and skips polls that say nothing new', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const sink = plainSink(out, false);
    const waiting = { type: 'container', service: 'web', status: 'waiting', detail: 'for http http://x/health (last status 503)' } as const;
    sink({ type: 'container', service: 'web', status: 'starting' });
    sink({ ...waiting, elapsedMs: 100 });
    sink({ ...waiting, elapsedMs: 600 });
    sink({ ...waiting, elapsedMs: 1100 });
    sink({ type: 'container', service: 'db', status: 'starting' });
    sink({ type: 'container', service: 'web', status: 'ready', elapsedMs: 1500 });
    expect(text.split('\n').filter(Boolean)).toEqual([
      'web starting',
      'web waiting for http http://x/health (last status 503)',
      'db starting',
      'web ready (1.5s)',
    ]);
  });

  it('says when one probe passed while others are still waited for', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const sink = plainSink(out, false);
    sink({ type: 'container', service: 'web', status: 'waiting', detail: 'for log /listening/', elapsedMs: 10 });
    sink({ type: 'container', service: 'web', status: 'waiting', detail: 'log /listening/ passed', elapsedMs: 1200, probePassed: true });
    sink({ type: 'container', service: 'web', status: 'waiting', detail: 'for http http://x/health (last status 503)', elapsedMs: 1300 });
    expect(text.split('\n').filter(Boolean)).toEqual([
      'web waiting for log /listening/',
      'web log /listening/ passed (after 1.2s)',
      'web waiting for http http://x/health (last status 503)',
    ]);
  });
});
