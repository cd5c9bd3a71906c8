/**
 * Progress on a terminal: a `plan` event opens live rows (one per container and model);
 * events for those rows update them; messages wait and print after the rows, so they
 * never tear the frame. Without a plan (or after `done()`), events print as plain lines.
 */
import type { Writable } from 'node:stream';
import type { TempfsEvent } from '../events.js';
import { startLiveRows, type LiveRows } from './live-rows.js';
import { describe, plainSink } from './plain-lines.js';
import type { Progress } from './progress.js';

export interface TtyProgressOptions {
  color: boolean;
  now?: () => number;
  /** Redraw period of the clocks on open rows; 200 ms by default. */
  tickMs?: number;
}

export function createTtyProgress(out: Writable, options: TtyProgressOptions): Progress {
  const plain = plainSink(out, options.color);
  let rows: LiveRows | null = null;
  /** Lines that arrived while rows were on screen. */
  let held: string[] = [];

  const close = async (): Promise<void> => {
    const current = rows;
    if (!current) return;
    await current.end();
    rows = null;
    const lines = held;
    held = [];
    for (const line of lines) out.write(`${line}\n`);
  };

  const events = (event: TempfsEvent): void => {
    if (event.type === 'plan') {
      // One set of rows at a time: a second plan while rows are up adds no rows (its events print after them).
      if (!rows && event.services.length + event.models.length > 0) rows = startLiveRows(out, event, { color: options.color, now: options.now ?? Date.now, tickMs: options.tickMs ?? 200 });
      return;
    }
    if (!rows) return plain(event);
    if (event.type !== 'message' && rows.update(event)) return;
    const line = describe(event, options.color);
    if (line) held.push(line);
  };

  return {
    events,
    done: close,
  };
}
