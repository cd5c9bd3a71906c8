import { describe, expect, it } from 'vitest';
import { TempfsError } from '../../../src/errors.js';
import { encode, errorBody, errorFromBody, LineDecoder } from '../../../src/process/rpc.js';

describe('the terminal host framing', () => {
  it('takes one JSON object a line, across chunks, with a character split between them', () => {
    const decoder = new LineDecoder();
    const bytes = Buffer.from(encode({ id: 1, method: 'run', params: [{ command: 'echo é' }] }) + encode({ event: 'end' }));
    const cut = bytes.indexOf(0xc3) + 1;
    expect(decoder.push(bytes.subarray(0, cut))).toEqual([]);
    expect(decoder.push(bytes.subarray(cut))).toEqual([{ id: 1, method: 'run', params: [{ command: 'echo é' }] }, { event: 'end' }]);
  });

  it('skips blank lines and gives undefined for a line that is not a JSON object', () => {
    const decoder = new LineDecoder();
    expect(decoder.push('\n{"id":2,"result":null}\nnot json\n[1]\n')).toEqual([{ id: 2, result: null }, undefined, undefined]);
  });

  it('cuts a line longer than its bound, which then fails to parse', () => {
    const decoder = new LineDecoder(16);
    expect(decoder.push(`${JSON.stringify({ id: 3, params: 'x'.repeat(40) })}\n`)).toContain(undefined);
  });

  it('carries an error code, message and hint across, and anything else as INTERNAL', () => {
    const body = errorBody(new TempfsError('BUSY', 'terminal main is busy', { hint: 'wait' }));
    expect(body).toEqual({ code: 'BUSY', message: 'terminal main is busy', hint: 'wait' });
    const back = errorFromBody(JSON.parse(JSON.stringify(body)));
    expect([back.code, back.message, back.hint]).toEqual(['BUSY', 'terminal main is busy', 'wait']);
    expect(errorBody(new Error('boom'))).toEqual({ code: 'INTERNAL', message: 'boom' });
  });
});
