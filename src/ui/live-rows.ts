/**
 * Live rows with listr2: one task per container and per model, all running at once,
 * each kept open until an event settles it (ready, removed, failed) or `end()` is called.
 * listr2 draws with its default renderer into `out` (stderr) through its ProcessOutput,
 * which also holds back anything else written to `out` while the rows are on screen and
 * prints it after them, so stray writes cannot tear the frame.
 */
import type { Writable } from 'node:stream';
import {
  DefaultRenderer,
  Listr,
  ListrDefaultRendererLogLevels as Level,
  ListrLogger,
  ProcessOutput,
  type ListrTaskWrapper,
} from 'listr2';
import type { ContainerEvent, ModelEvent } from '../events.js';
import { paint, type Color } from './colors.js';
import { containerOutcome, containerTitle, modelOutcome, modelTitle, rowLabels, TICKING, type RowOutcome } from './row-title.js';

/**
 * listr2 picks its renderer from `process.stdout.isTTY`; tempfs draws on stderr and has
 * already decided that it is a terminal, so this renderer never falls back.
 */
class StderrRenderer extends DefaultRenderer {
  static override nonTTY = true;
}

export interface LiveRowsOptions {
  color: boolean;
  /** Clock for the elapsed time of waiting rows (injectable for tests). */
  now: () => number;
  /** How often open rows redraw their clock. */
  tickMs: number;
}

export interface LiveRows {
  /** false: no row for it, or the rows are ending (the caller prints it another way). */
  update(event: ContainerEvent | ModelEvent): boolean;
  /** Settle every open row, draw the last frame and give the stream back. Idempotent. */
  end(): Promise<void>;
}

interface Row {
  label: string;
  event?: ContainerEvent | ModelEvent;
  /** When the live clock of an open row started. */
  since?: number;
  outcome: RowOutcome;
  task?: ListrTaskWrapper<unknown, typeof StderrRenderer, typeof StderrRenderer>;
  settle: (how: 'done' | 'failed' | 'skip') => void;
  settled: Promise<'done' | 'failed' | 'skip'>;
}

export function startLiveRows(out: Writable, plan: { services: string[]; models: string[] }, options: LiveRowsOptions): LiveRows {
  const models = [...new Set(plan.models)];
  const services = [...new Set(plan.services)];
  const keys = [...models.map((m) => `model:${m}`), ...services.map((s) => `container:${s}`)];
  const labels = rowLabels([...models, ...services]);
  const rows = new Map<string, Row>(keys.map((key, i) => [key, newRow(labels[i]!)]));

  const titleOf = (row: Row): string => {
    const e = row.event;
    if (!e) return row.label.trimEnd();
    if (e.type === 'model') return modelTitle(row.label, e, options.color);
    const ticking = row.outcome === 'open' && row.since !== undefined ? options.now() - row.since : undefined;
    return containerTitle(row.label, e, options.color, ticking);
  };
  const redraw = (row: Row) => {
    if (row.task) row.task.title = titleOf(row);
  };

  const listr = new Listr(
    [...rows.values()].map((row) => ({
      title: titleOf(row),
      task: async (_ctx: unknown, task: Row['task'] & object) => {
        row.task = task;
        redraw(row);
        const how = await row.settled;
        redraw(row);
        if (how === 'failed') throw new Error(titleOf(row));
        if (how === 'skip') task.skip(titleOf(row));
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      renderer: StderrRenderer,
      rendererOptions: {
        // The row title already says why it failed; keep the name on the row.
        showErrorMessage: false,
        color: iconColors(options.color),
        logger: new ListrLogger({
          useIcons: true,
          processOutput: new ProcessOutput(out as NodeJS.WriteStream, out as NodeJS.WriteStream, { leaveEmptyLine: false }),
        }),
      },
    },
  );
  const finished = listr.run().then(
    () => undefined,
    () => undefined,
  );
  const ticker = setInterval(() => {
    for (const row of rows.values()) if (row.outcome === 'open' && row.since !== undefined) redraw(row);
  }, options.tickMs);
  ticker.unref();

  let ended: Promise<void> | undefined;
  return {
    update(event) {
      const row = rows.get(event.type === 'model' ? `model:${event.model}` : `container:${event.service}`);
      if (!row || ended) return false;
      // A settled row keeps its last word (a failure reason must not be overwritten by the cleanup).
      if (row.outcome !== 'open') return true;
      const previous = row.event;
      row.event = event;
      row.outcome = event.type === 'model' ? modelOutcome(event) : containerOutcome(event);
      if (event.type === 'container' && TICKING.has(event.status)) {
        const sameStep = previous?.type === 'container' && previous.status === event.status;
        row.since = event.elapsedMs !== undefined ? options.now() - event.elapsedMs : sameStep ? row.since : options.now();
      } else {
        row.since = undefined;
      }
      redraw(row);
      if (row.outcome !== 'open') row.settle(row.outcome);
      return true;
    },
    end() {
      ended ??= (async () => {
        clearInterval(ticker);
        for (const row of rows.values()) {
          if (row.outcome !== 'open') continue;
          // Left open: a state worth a tick (running, kept, exited) or cut short by a failure elsewhere.
          const fine = row.event?.type === 'container' && ['running', 'kept', 'exited'].includes(row.event.status);
          row.since = undefined;
          row.outcome = fine ? 'done' : 'failed';
          row.settle(fine ? 'done' : 'skip');
        }
        await finished;
      })();
      return ended;
    },
  };
}

function newRow(label: string): Row {
  let settle!: Row['settle'];
  const settled = new Promise<'done' | 'failed' | 'skip'>((resolve) => (settle = resolve));
  return { label, outcome: 'open', settle, settled };
}

/** listr2 colours its icons from process.stdout; follow tempfs's own decision instead. */
function iconColors(color: boolean): Partial<Record<Level, (text?: string) => string>> {
  const by = (c: Color | null) => (text?: string) => (c ? paint(color, c, text ?? '') : (text ?? ''));
  return {
    [Level.COMPLETED]: by('green'),
    [Level.FAILED]: by('red'),
    [Level.PENDING]: by('yellow'),
    [Level.SKIPPED_WITH_COLLAPSE]: by('yellow'),
    [Level.SKIPPED_WITHOUT_COLLAPSE]: by('yellow'),
    [Level.WAITING]: by('dim'),
    [Level.COMPLETED_WITH_FAILED_SUBTASKS]: by('yellow'),
    [Level.COMPLETED_WITH_FAILED_SISTER_TASKS]: by(null),
    [Level.FAILED_WITH_FAILED_SUBTASKS]: by('red'),
    [Level.OUTPUT]: by(null),
    [Level.OUTPUT_WITH_BOTTOMBAR]: by(null),
    [Level.RETRY]: by('yellow'),
    [Level.ROLLING_BACK]: by('red'),
    [Level.ROLLED_BACK]: by('red'),
    [Level.PAUSED]: by('yellow'),
  };
}
