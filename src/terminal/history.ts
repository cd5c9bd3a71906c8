/**
 * The per-project command history file: one entry per line, oldest first (like
 * ~/.bash_history). readline keeps its history newest first, hence the reversals.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
  await mkdir(dirname(file), { recursive: true });
  const lines = newestFirst.slice(0, HISTORY_SIZE).reverse();
  await writeFile(file, lines.length ? `${lines.join('\n')}\n` : '');
}
