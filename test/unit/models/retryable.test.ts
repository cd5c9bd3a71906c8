import { describe, expect, it } from 'vitest';
import { RetryableStatus } from '../../../src/models/download-attempt.js';
import { isRetryable } from '../../../src/models/download.js';

describe('which download failures are tried again', () => {
  it('network trouble and 5xx: yes', () => {
    expect(isRetryable(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable(new Error('connection closed after 10 of 20 bytes'))).toBe(true);
    expect(isRetryable(new RetryableStatus('HTTP 503 from example.org'))).toBe(true);
  });

  it('a bug (TypeError, RangeError) or something not an Error: no, it surfaces as it is', () => {
    expect(isRetryable(new TypeError("Cannot read properties of undefined (reading 'length')"))).toBe(false);
    expect(isRetryable(new RangeError('offset out of range'))).toBe(false);
    expect(isRetryable('a string')).toBe(false);
  });
});
