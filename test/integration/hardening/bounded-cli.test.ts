/**
 * Issue 16: hostile inputs against the built CLI, each run under a memory cap (V8 heap)
 * and a deadline, so the test itself stays bounded whatever the code under test does.
 * The deadline is a safety net, not a speed assertion: only the outcome is checked.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../../helpers/cli.js';
import { aliasBomb, manyKeysWithWarning } from '../../unit/hardening/hostile-inputs.js';

const BOUND = { heapMb: 256, timeoutMs: 60_000 };

export function bounded(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return runBuilt(argv, {
    cwd,
    timeoutMs: BOUND.timeoutMs,
    env: { ...process.env, ...env, NODE_OPTIONS: `--max-old-space-size=${BOUND.heapMb}` },
  });
}

function dirWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tempfs-bounded-'));
  writeFileSync(join(dir, 'tempfs.yaml'), text);
  return dir;
}

describe('bounded by construction', () => {
  it('item 5: a 450-byte alias bomb is a recipe error, not 4 GB and an abort', async () => {
    const r = await bounded(['validate'], dirWith(aliasBomb()));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: tempfs\.yaml:\d+:\d+: aliases expand to more than 100000 values\n/);
  });
});

describe('large recipes stay linear', () => {
  it('item 12: 64k keys and one warning load (yaml compared every key with every other: ~110 s here)', async () => {
    const r = await bounded(['validate'], dirWith(manyKeysWithWarning(64_000)));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok: 1 container\n');
    expect(r.stderr).toMatch(/warning: tempfs\.yaml:64006:\d+: variable UNSET_16 is not set/);
  });
});

describe('huge lines', () => {
  const execLines = fileURLToPath(new URL('../../../dist/engine/exec-lines.js', import.meta.url));

  it('item 11: a 200 MB line is read in 64 KiB pieces under a 64 MB heap (readline held it whole)', async () => {
    const script = `const { runLines } = await import(${JSON.stringify(execLines)});
      let n = 0, max = 0, last = '';
      for await (const l of runLines('sh', ['-c', 'head -c 200000000 /dev/zero | tr "\\\\0" a; echo; echo tail-line'])) { n++; max = Math.max(max, l.line.length); last = l.line; }
      console.log(JSON.stringify({ n, max, last }));`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--max-old-space-size=64', '--input-type=module', '-e', script], { timeout: BOUND.timeoutMs }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    expect(JSON.parse(out)).toEqual({ n: Math.ceil(200_000_000 / 65_536) + 1, max: 65_536, last: 'tail-line' });
  });
});
