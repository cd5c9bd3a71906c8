/** Progress as plain lines: one line per state change, for logs, pipes and CI. */
import type { Writable } from 'node:stream';
import type { EventSink, TempfsEvent } from '../events.js';
import { paint } from './colors.js';
import { formatBytes, formatDuration } from './format.js';

export function plainSink(out: Writable, color: boolean): EventSink {
  let lastModelLine = 0;
  // Probes report every poll; a line that says nothing new for its container is skipped.
  const lastLine = new Map<string, string>();
  return (event: TempfsEvent) => {
    const line = describe(event, color);
    if (!line) return;
    if (event.type === 'container') {
      if (lastLine.get(event.service) === line) return;
      lastLine.set(event.service, line);
    }
    if (event.type === 'model' && event.status === 'downloading') {
      // A line per second at most: downloads report far more often than that.
      const now = Date.now();
      if (now - lastModelLine < 1000) return;
      lastModelLine = now;
    }
    out.write(`${line}\n`);
  };
}

export function describe(event: TempfsEvent, color: boolean): string {
  switch (event.type) {
    case 'plan':
      return '';
    case 'message':
      return event.level === 'warn' ? `${paint(color, 'yellow', 'warning:')} ${event.text}` : event.text;
    case 'container': {
      // `web log /listening/ passed (after 1.2s)`: one probe settled, others may still be waited for.
      if (event.probePassed) return `${paint(color, 'bold', event.service)} ${event.detail ?? 'probe passed'}${event.elapsedMs !== undefined ? ` (after ${formatDuration(event.elapsedMs)})` : ''}`;
      const took = event.elapsedMs !== undefined && event.status !== 'waiting' ? ` (${formatDuration(event.elapsedMs)})` : '';
      const detail = event.detail ? ` ${event.detail}` : '';
      const status = event.status === 'failed' ? paint(color, 'red', event.status) : event.status === 'ready' ? paint(color, 'green', event.status) : event.status;
      return `${paint(color, 'bold', event.service)} ${status}${detail}${took}`;
    }
    case 'model': {
      if (event.status === 'downloading') {
        const total = event.total ? ` of ${formatBytes(event.total)}` : '';
        const speed = event.speed ? `, ${formatBytes(event.speed)}/s` : '';
        const eta = event.etaSec != null ? `, ${formatDuration(event.etaSec * 1000)} left` : '';
        return `model ${event.model}: ${formatBytes(event.bytes ?? 0)}${total}${speed}${eta}`;
      }
      return `model ${event.model}: ${event.status}${event.detail ? ` ${event.detail}` : ''}`;
    }
  }
}
