/**
 * The monitor's start-up handshake: it writes one line on fd 3, `ready` once it holds
 * the session record and has reached Podman, or `error <why>`.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { LineSplitter } from '../shared/line-splitter.js';

export function waitForReadyLine(child: ChildProcess, channel: Readable, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const done = (error?: Error) => {
      clearTimeout(timer);
      channel.removeAllListeners('data');
      channel.removeAllListeners('close');
      child.removeListener('error', done);
      if (error) reject(error);
      else resolve();
    };
    const lines = new LineSplitter((line) => (line === 'ready' ? done() : done(new Error(line.replace(/^error /, '')))));
    channel.on('data', (chunk: Buffer | string) => lines.push(chunk));
    channel.on('close', () => done(new Error(`it exited first (code ${child.exitCode ?? 'unknown'})`)));
    child.on('error', done);
  });
}
