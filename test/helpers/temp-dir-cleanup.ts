/** Setup file of every tier: removes the folders test/helpers/temp-dir.ts made for this test file. */
import { rm } from 'node:fs/promises';
import { afterAll } from 'vitest';
import { madeTempDirs } from './temp-dir.js';

afterAll(async () => {
  await Promise.all(madeTempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
