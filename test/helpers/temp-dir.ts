/**
 * Temporary folders for tests that remove themselves: `tempDir(prefix)` makes one under the
 * OS temp folder, and test/helpers/temp-dir-cleanup.ts (a vitest setup file) removes every
 * one a test file made once that file is done.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const madeTempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeTempDirs.push(dir);
  return dir;
}
