import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Three tiers (DESIGN §6), each a vitest project: `npx vitest run test/unit` runs one.
 * unit: pure, no process started (test/helpers/unit-guard.ts enforces it);
 * process: fixture executables, PTYs, node children; integration: real Podman.
 */
// Removes the folders that test/helpers/temp-dir.ts made, after each test file.
const cleanup = 'test/helpers/temp-dir-cleanup.ts';
// The unit tier's own temp folder: test/helpers/unit-temp-root.ts makes it and fails the run if a test left anything in it.
const unitTmp = join(tmpdir(), `tempfs-unit-${process.pid}`);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // A test that passes only by not timing out proves nothing: every test asserts something.
    expect: { requireAssertions: true },
    projects: [
      {
        extends: true,
        // Pure tests share one module graph per worker thread: most of the tier's time was loading modules again per file.
        // Two workers on purpose: vitest's default on a 2-core machine is one (cores - 1), which leaves a core idle
        // while a test waits on a socket or a file. Its own maxWorkers needs its own sequence.groupOrder.
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: [cleanup, 'test/helpers/unit-guard.ts'],
          pool: 'threads',
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          env: { TMPDIR: unitTmp },
          globalSetup: ['test/helpers/unit-temp-root.ts'],
          // Transformed modules are kept on disk between runs (keyed by content, config and vitest version; `npx vitest --clearCache` empties it).
          experimental: { fsModuleCache: true },
        },
      },
      { extends: true, test: { name: 'process', include: ['test/process/**/*.test.ts'], setupFiles: [cleanup], sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], setupFiles: [cleanup], sequence: { groupOrder: 1 } } },
    ],
  },
});
