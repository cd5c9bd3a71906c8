/** Human units for sizes (and, from shared/, times). */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${i === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[i]}`;
}

/** Durations are written by shared/units.ts's formatDuration, the one for every screen. */
export { formatDuration } from '../shared/units.js';
