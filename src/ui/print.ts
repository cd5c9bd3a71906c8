/** Small printers shared by commands: warnings, tables, JSON. */
import type { Writable } from 'node:stream';
import type { RecipeWarning } from '../recipe/model.js';
import { paint } from './colors.js';

export function printWarnings(out: Writable, warnings: readonly RecipeWarning[], color: boolean): void {
  for (const w of warnings) {
    const where = w.file ? `${w.file}${w.line ? `:${w.line}:${w.col ?? 1}` : ''}: ` : '';
    out.write(`${paint(color, 'yellow', 'warning:')} ${where}${w.message}\n`);
  }
}

export function printJson(out: Writable, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain aligned table; the last column is not padded. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('   ').trimEnd())
    .join('\n') + '\n';
}
