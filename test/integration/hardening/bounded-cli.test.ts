/**
 * Issue 16: hostile inputs against the built CLI, each run under a memory cap (V8 heap)
 * and a deadline, so the test itself stays bounded whatever the code under test does.
 * The deadline is a safety net, not a speed assertion: only the outcome is checked.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
