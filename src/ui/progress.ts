/**
 * Maps progress events to the screen. `plain` writes one line per state change, `json`
 * one JSON object per line, `quiet` nothing; `tty` (chosen by `auto` when the stream is
 * a terminal) draws live rows, one per container and model of a `plan` event, and writes
 * plain lines when no plan was announced.
 */
import type { Writable } from 'node:stream';
import type { EventSink } from '../events.js';
import { plainSink } from './plain-lines.js';
import { createTtyProgress } from './tty-progress.js';

/** How progress is shown: `auto` picks live rows on a terminal and plain lines elsewhere. */
export type ProgressMode = 'auto' | 'tty' | 'plain' | 'json' | 'quiet';

export interface ProgressOptions {
  /** The progress stream (stderr) is a terminal. */
  isTTY: boolean;
  color: boolean;
}

export interface Progress {
  events: EventSink;
  /** Resolves once the live rows (if any) have drawn their last frame; then events print as lines. */
  done(): Promise<void>;
}

const nothingToWaitFor = (): Promise<void> => Promise.resolve();

export function createProgress(mode: ProgressMode, out: Writable, options: ProgressOptions): Progress {
  switch (mode) {
    case 'quiet':
      return { events: () => {}, done: nothingToWaitFor };
    case 'json':
      return { events: (event) => out.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`), done: nothingToWaitFor };
    case 'tty':
      return createTtyProgress(out, { color: options.color });
    case 'auto':
      return options.isTTY ? createTtyProgress(out, { color: options.color }) : { events: plainSink(out, options.color), done: nothingToWaitFor };
    default:
      return { events: plainSink(out, options.color), done: nothingToWaitFor };
  }
}
