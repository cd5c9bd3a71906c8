import { describe, expect, it } from 'vitest';
import { TempfsError, exitCodeFor } from '../../src/errors.js';

describe('TempfsError', () => {
  it('renders file:line:col before the message', () => {
    const e = new TempfsError('RECIPE_INVALID', 'containers.web.image: must be a string', {
      at: { file: 'tempfs.yaml', line: 3, col: 5 },
    });
    expect(e.line).toBe('tempfs.yaml:3:5: containers.web.image: must be a string');
    expect(e.exitCode).toBe(2);
  });

  it('maps runtime codes to 1 and cancel to 130', () => {
    expect(exitCodeFor('READINESS_TIMEOUT')).toBe(1);
    expect(exitCodeFor('CANCELLED')).toBe(130);
    expect(exitCodeFor('USAGE')).toBe(2);
  });
});
