/** How jobs read on the screen: `exited 0`, `1m05s`, and the `jobs` table. */
import { formatDuration } from '../shared/units.js';
import type { JobInfo } from './jobs.js';

/** `running`, `exited N`, `killed`, `error: <why>`. */
export function jobStatus(job: JobInfo): string {
  if (job.status === 'exited') return `exited ${job.exitCode ?? '?'}`;
  if (job.status === 'error') return job.error ? `error: ${job.error}` : 'error';
  return job.status;
}

/** `4.2s` under a minute, then `3m07s`, then `2h05m`. */
export const uptime = (seconds: number): string => formatDuration(seconds * 1000);

/** The `jobs` table: a header, then one row a job; the command column is not padded. */
export function jobTable(jobs: readonly JobInfo[]): string {
  const rows = [['ID', 'STATUS', 'UPTIME', 'COMMAND'], ...jobs.map((j) => [j.id, jobStatus(j), uptime(j.uptimeSec), j.command])];
  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col < 3 ? cell.padEnd(widths[col]!) : cell)).join('  ')).join('\n');
}
