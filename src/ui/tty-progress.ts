/**
 * Progress on a terminal: a `plan` event opens live rows (one per container and model);
 * events for those rows update them; messages wait and print after the rows, so they
 * never tear the frame. Without a plan (or after `done()`), events print as plain lines.
 */
import type { Writable } from 'node:stream';
import type { ContainerEvent, ModelEvent, PlanEvent, TempfsEvent } from '../events.js';
import type { LiveRows, LiveRowsOptions } from './live-rows.js';
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
      if (!rows && event.services.length + event.models.length > 0) rows = lazyRows(out, event, { color: options.color, now: options.now ?? Date.now, tickMs: options.tickMs ?? 200 });
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

/**
 * listr2 and its renderer load only when rows are drawn, so that verbs without rows
 * (config, ps, logs, ...) do not pay for them at startup. Events that arrive while it
 * loads are replayed in order.
 */
function lazyRows(out: Writable, plan: PlanEvent, options: LiveRowsOptions): LiveRows {
  const planned = new Set([...plan.services.map((s) => `container:${s}`), ...plan.models.map((m) => `model:${m}`)]);
  let live: LiveRows | null = null;
  let early: (ContainerEvent | ModelEvent)[] = [];
  let ending = false;
  const loaded = import('./live-rows.js').then((m) => {
    live = m.startLiveRows(out, plan, options);
    for (const event of early) live.update(event);
    early = [];
    return live;
  });
  return {
    update(event) {
      if (ending || !planned.has(event.type === 'model' ? `model:${event.model}` : `container:${event.service}`)) return false;
      if (live) return live.update(event);
      early.push(event);
      return true;
    },
    async end() {
      ending = true;
      await (await loaded).end();
    },
  };
}
