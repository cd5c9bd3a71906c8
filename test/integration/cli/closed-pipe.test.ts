/**
 * A reader that goes away (`tempfs config | head -1`) before the output (larger than a pipe holds) is written: the CLI stops as a Unix tool killed
 * by SIGPIPE would, exit 141 and nothing on stderr, instead of a stack trace.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

function bigRecipe(dir: string): string {
  const lines = ['name: pipe', 'containers:'];
  for (let i = 0; i < 1500; i++) lines.push(`  svc${i}:`, '    image: busybox', `    command: [sleep, "${i}"]`);
  const file = join(dir, 'tempfs.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Runs the CLI, reads the first chunk of its stdout, then closes the pipe. */
function readFirstChunkAndClose(argv: string[]): Promise<{ code: number | null; stderr: string; first: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString();
      child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, stderr, first }));
  });
}

describe('a closed output pipe', () => {
  it.each([['json'], ['yaml']])('config --format %s | head: exit 141, no stack trace', async (format) => {
    const file = bigRecipe(tempDir('tempfs-pipe-'));
    const r = await readFirstChunkAndClose(['config', '-f', file, '--format', format]);
    expect(r.first).toContain('pipe');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(141);
  });
});
