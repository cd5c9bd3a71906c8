import { describe, expect, it } from 'vitest';
import { errorResult, errorText, jsonResult } from '../../../src/mcp/tool-result.js';
import { TempfsError } from '../../../src/errors.js';

describe('tool results', () => {
  it('carries the data as structured content and as its JSON text', () => {
    const result = jsonResult({ success: true, output: 'hi' });
    expect(result.isError).toBeUndefined();
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({ success: true, output: 'hi' });
    expect(result.structuredContent).toEqual({ success: true, output: 'hi' });
  });

  it('maps a TempfsError to its code, message, details and hint', () => {
    const error = new TempfsError('NOT_FOUND', 'no process p9', { hint: 'List processes with terminal_list.', details: ['last line'] });
    expect(errorText(error)).toBe('NOT_FOUND: no process p9\nlast line\nhint: List processes with terminal_list.');
    expect(errorResult(error)).toEqual({ isError: true, content: [{ type: 'text', text: errorText(error) }] });
  });

  it('maps any other error or thrown value to one line', () => {
    expect(errorText(new RangeError('bad pattern'))).toBe('error: bad pattern');
    expect(errorText('boom')).toBe('error: boom');
  });
});
