import { defineConfig } from 'vitest/config';

/**
 * Three tiers (DESIGN §6), each a vitest project: `npx vitest run test/unit` runs one.
 * unit: pure, no process started (test/helpers/unit-guard.ts enforces it);
 * process: fixture executables, PTYs, node children; integration: real Podman.
 */
// Removes the folders that test/helpers/temp-dir.ts made, after each test file.
const cleanup = 'test/helpers/temp-dir-cleanup.ts';

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
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles: [cleanup, 'test/helpers/unit-guard.ts'], pool: 'threads', isolate: false },
      },
      { extends: true, test: { name: 'process', include: ['test/process/**/*.test.ts'], setupFiles: [cleanup] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], setupFiles: [cleanup] } },
    ],
  },
});
