/** `command`, `entrypoint` and `ready.exec` values to argv arrays. */
import { parseLine } from '../shared/shell-words.js';
import type { Argv } from './raw.js';

/** A list is taken as is; a string is split like a POSIX shell splits words (quotes, `\`). */
export function toArgv(value: Argv): string[] | null {
  if (Array.isArray(value)) return value.map((v) => String(v ?? ''));
  return splitWords(value);
}

/**
 * null when a quote is left open. The splitting is shared/shell-words.ts's, the terminal's
 * too; a trailing backslash (a continuation with nothing after it) is dropped, as `sh -c` does.
 */
export function splitWords(text: string): string[] | null {
  const parsed = parseLine(text);
  if (parsed.kind === 'incomplete') return splitWords(text.slice(0, -1));
  if (parsed.kind === 'error') return null;
  return parsed.kind === 'empty' ? [] : parsed.argv;
}
