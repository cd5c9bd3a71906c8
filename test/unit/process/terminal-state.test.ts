import { describe, expect, it } from 'vitest';
import { StateCollector, decodeState, shQuote } from '../../../src/process/terminal-state.js';

const hex = (text: string) => Buffer.from(text).toString('hex').replace(/(..)/g, ' $1');

describe('terminal state', () => {
  it('decodes pwd and env -0 output, dropping per-run variables', () => {
    const state = decodeState(hex('/srv/a b\0FOO=x=y\0MULTI=1\n2\0SHLVL=2\0_=/usr/bin/env\0'));
    expect(state).toEqual({ cwd: '/srv/a b', env: { FOO: 'x=y', MULTI: '1\n2' } });
  });

  it('takes the block between markers out of stderr and keeps text before the marker', () => {
    const c = new StateCollector('#M');
    expect(c.take('stdout', '#M')).toBe('#M');
    expect(c.take('stderr', 'warning')).toBe('warning');
    expect(c.take('stderr', 'no newline#M')).toBe('no newline');
    expect(c.take('stderr', hex('/tmp\0A=1\0').slice(0, 12))).toBeNull();
    expect(c.take('stderr', hex('/tmp\0A=1\0').slice(12))).toBeNull();
    expect(c.take('stderr', '#M')).toBeNull();
    expect(c.state).toEqual({ cwd: '/tmp', env: { A: '1' } });
  });

  it('quotes for the shell', () => {
    expect(shQuote(`it's`)).toBe(`'it'\\''s'`);
  });
});
