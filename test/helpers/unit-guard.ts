/**
 * The unit tier is pure: a test there that starts a process fails at once, with the hint
 * to move it to test/process/ (fixture executables, PTYs, node children) or
 * test/integration/ (real engines). Loaded by vitest.config.ts for the unit project only.
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

const refuse = (name: string) => () => {
  throw new Error(`child_process.${name} in a unit test: test/unit is pure; move this test to test/process/ or test/integration/`);
};
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  (childProcess as unknown as Record<string, unknown>)[name] = refuse(name);
}
// Named imports (`import { spawn } from 'node:child_process'`) see the change too.
syncBuiltinESMExports();
