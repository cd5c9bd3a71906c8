/**
 * The per-project command history file: one entry per line, oldest first (like
 * ~/.bash_history). readline keeps its history newest first, hence the reversals.
 * Typed commands may hold secrets: the file is the user's alone (0600 in a 0700
 * folder), and a line typed with a leading space is not saved (bash's ignorespace).
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export const HISTORY_SIZE = 1000;

export async function loadHistory(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return text.split('\n').filter((line) => line !== '').reverse().slice(0, HISTORY_SIZE);
}

export async function saveHistory(file: string, newestFirst: readonly string[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const lines = newestFirst.filter((line) => !line.startsWith(' ')).slice(0, HISTORY_SIZE).reverse();
  await writeFile(file, lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
  // `mode` applies only to a new file: an older one (0644 before) is tightened too.
  await chmod(file, 0o600);
}
