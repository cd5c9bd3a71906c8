/**
 * The text of one live progress row (after its icon): a padded name, then what the
 * container or model is doing. Pure, so the wording is tested without a terminal.
 */
import type { ContainerEvent, ModelEvent } from '../events.js';
import { paint } from './colors.js';
import { formatBytes, formatDuration } from './format.js';

/** Statuses that end a container row well; `failed` ends it badly; the rest are in progress. */
const DONE = new Set(['ready', 'removed']);
/** In progress, with a clock worth showing (the event's own elapsedMs, or since the status began). */
export const TICKING = new Set(['starting', 'creating', 'pulling', 'waiting', 'stopping']);

export type RowOutcome = 'done' | 'failed' | 'open';

export function containerOutcome(event: ContainerEvent): RowOutcome {
  if (event.status === 'failed') return 'failed';
  return DONE.has(event.status) ? 'done' : 'open';
}

export function modelOutcome(event: ModelEvent): RowOutcome {
  if (event.status === 'failed') return 'failed';
  return event.status === 'cached' || event.status === 'done' ? 'done' : 'open';
}

/**
 * `tickingMs`: the live clock of an open row (undefined: none). A finished row shows the
 * event's own elapsedMs in parentheses, as the plain lines do.
 */
export function containerTitle(label: string, event: ContainerEvent, color: boolean, tickingMs?: number): string {
  const name = paint(color, 'bold', label);
  if (event.status === 'failed') {
    // The row already names the service; errors usually start with it too.
    const reason = event.detail ? firstLine(event.detail).replace(`${event.service}: `, '') : '';
    return `${name}${paint(color, 'red', `failed${reason ? `: ${reason}` : ''}`)}`;
  }
  const detail = event.detail ? ` ${firstLine(event.detail)}` : '';
  const clock =
    tickingMs !== undefined
      ? ` ${paint(color, 'dim', formatDuration(tickingMs))}`
      : event.elapsedMs !== undefined && event.status !== 'waiting'
        ? ` (${formatDuration(event.elapsedMs)})`
        : '';
  const status = event.status === 'ready' ? paint(color, 'green', event.status) : event.status;
  return `${name}${status}${detail}${clock}`;
}

export function modelTitle(label: string, event: ModelEvent, color: boolean): string {
  const name = paint(color, 'bold', label);
  switch (event.status) {
    case 'downloading': {
      if (event.detail) return `${name}${event.detail}`;
      const total = event.total ? ` of ${formatBytes(event.total)}` : '';
      const speed = event.speed ? `, ${formatBytes(event.speed)}/s` : '';
      const eta = event.etaSec != null ? `, ${formatDuration(event.etaSec * 1000)} left` : '';
      return `${name}${formatBytes(event.bytes ?? 0)}${total}${speed}${eta}`;
    }
    case 'waiting-for-lock':
      return `${name}waiting for another download of it`;
    case 'cached':
    case 'done':
      return `${name}${event.status === 'done' ? 'downloaded' : 'cached'}${event.bytes !== undefined ? ` (${formatBytes(event.bytes)})` : ''}`;
    case 'failed':
      return `${name}${paint(color, 'red', `failed${event.detail ? `: ${firstLine(event.detail)}` : ''}`)}`;
    default:
      return `${name}${event.status}${event.detail ? ` ${firstLine(event.detail)}` : ''}`;
  }
}

/** Names padded to the widest, plus two spaces, so the statuses line up. */
export function rowLabels(names: readonly string[]): string[] {
  const width = Math.max(0, ...names.map((n) => n.length));
  return names.map((n) => `${n.padEnd(width)}  `);
}

/** A row is one line: error messages can carry log tails, the full error is printed after. */
function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}
