/**
 * The monitor's start-up handshake: it writes one line on fd 3, `ready` once it holds
 * the session record and has reached Podman, or `error <why>`.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

export function waitForReadyLine(child: ChildProcess, channel: Readable, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const done = (error?: Error) => {
      clearTimeout(timer);
      channel.removeAllListeners('data');
      channel.removeAllListeners('close');
      child.removeListener('error', done);
      if (error) reject(error);
      else resolve();
    };
    channel.setEncoding('utf8');
    channel.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end === -1) return;
      const line = text.slice(0, end);
      if (line === 'ready') done();
      else done(new Error(line.replace(/^error /, '')));
    });
    channel.on('close', () => done(new Error(`it exited first (code ${child.exitCode ?? 'unknown'})`)));
    child.on('error', done);
  });
}
