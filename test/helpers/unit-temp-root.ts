/**
 * Global setup of the unit tier: its tests get a temp folder of their own (TMPDIR, set for
 * the project in vitest.config.ts), and the run fails if anything is left in it at the end.
 * That is how "the unit tier leaves nothing in /tmp" stays true: a test that makes a folder
 * removes it (tempDir() of test/helpers/temp-dir.ts does so after each file).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const root = project.config.env.TMPDIR;
  if (!root) throw new Error(`the ${project.name} project sets no TMPDIR in vitest.config.ts`);
  mkdirSync(root, { recursive: true });
  return () => {
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest prints a teardown error but does not fail the run for it.
      process.exitCode = 1;
      throw new Error(
        `the unit tests left ${left.length} item(s) in their temp folder: ${left.slice(0, 5).join(', ')}; ` +
          'make temp folders with tempDir() of test/helpers/temp-dir.ts, which removes them after each file',
      );
    }
  };
}
