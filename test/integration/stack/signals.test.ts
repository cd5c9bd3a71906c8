/**
 * A foreground `up` streams its containers' output until interrupted; SIGINT (Ctrl-C)
 * and SIGTERM remove everything it started and exit 130 and 143.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../../helpers/cli.js';
import { assertNothingLeft } from '../../helpers/podman.js';
import { engine, fixtureDir, testProject, useStateDir } from './stack.js';

const stateDir = useStateDir();
const cwd = fixtureDir('signals');

/** Starts `tempfs up` in the foreground, waits for the streamed output, sends `signal`. */
async function interruptedUp(project: string, signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI_ENTRY, 'up', '-p', project], {
    cwd,
    env: { ...process.env, TEMPFS_STATE_DIR: stateDir() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (/^ticker \| tick started$/m.test(stdout)) resolve();
    });
    exited.then(() => reject(new Error(`up exited before streaming: ${stderr}`)), reject);
  });
  child.kill(signal);
  const [code] = await exited;
  return { code, stdout, stderr };
}

describe('foreground up', () => {
  it.each([
    { signal: 'SIGINT' as const, code: 130 },
    { signal: 'SIGTERM' as const, code: 143 },
  ])('$signal removes everything and exits $code', async ({ signal, code }) => {
    const project = testProject('sig');
    const result = await interruptedUp(project, signal);
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(/^ticker removed/m);
    await assertNothingLeft(project, engine);
  });
});
