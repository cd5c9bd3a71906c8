import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RetryableStatus } from '../../../src/models/download-attempt.js';
import { isRetryable } from '../../../src/models/download.js';

describe('which download failures are tried again', () => {
  it('network trouble and 5xx: yes', () => {
    expect(isRetryable(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable(new Error('connection closed after 10 of 20 bytes'))).toBe(true);
    expect(isRetryable(new RetryableStatus('HTTP 503 from example.org'))).toBe(true);
  });

  it("Node's own socket errors (their prototype is not Error's): a refused connection yes, a name that does not resolve no", async () => {
    // A port that was just free: nothing listens there.
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    const socket = connect(port, '127.0.0.1');
    const [refused] = (await once(socket, 'error').catch((e: unknown) => [e])) as [NodeJS.ErrnoException];
    expect(refused.code).toBe('ECONNREFUSED');
    expect(Object.getPrototypeOf(refused)).not.toBe(Error.prototype);
    expect(isRetryable(refused)).toBe(true);
    const unresolved = Object.setPrototypeOf(Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' }), Object.getPrototypeOf(refused));
    expect(isRetryable(unresolved)).toBe(false);
  });

  it('a bug (TypeError, RangeError) or something not an Error: no, it surfaces as it is', () => {
    expect(isRetryable(new TypeError("Cannot read properties of undefined (reading 'length')"))).toBe(false);
    expect(isRetryable(new RangeError('offset out of range'))).toBe(false);
    expect(isRetryable('a string')).toBe(false);
  });
});
