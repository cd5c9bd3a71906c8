import { describe, expect, it } from 'vitest';
import { TempfsError, abortError, abortExitCode, exitCodeFor, interrupted } from '../../src/errors.js';

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

describe('cancelled: one shape', () => {
  it('a signal interrupts with TempfsError CANCELLED carrying it, and its exit code', () => {
    expect(interrupted('SIGINT')).toMatchObject({ code: 'CANCELLED', signal: 'SIGINT', exitCode: 130 });
    expect(interrupted('SIGTERM').exitCode).toBe(143);
    expect(interrupted('SIGHUP').exitCode).toBe(129);
  });

  it('abortError: a deadline is TIMEOUT, a cancel is CANCELLED and keeps the signal for the exit code', () => {
    expect(abortError('model q', AbortSignal.abort(new DOMException('t', 'TimeoutError')))).toMatchObject({ code: 'TIMEOUT', message: 'model q: timed out' });
    const c = new AbortController();
    c.abort(interrupted('SIGTERM'));
    expect(abortError('podman run', c.signal)).toMatchObject({ code: 'CANCELLED', message: 'podman run: cancelled', signal: 'SIGTERM', exitCode: 143 });
    expect(abortExitCode(c.signal)).toBe(143);
    expect(abortExitCode(AbortSignal.abort())).toBe(130);
  });
});
