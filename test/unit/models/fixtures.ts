/** Shared bits of the model tests: a temp cache, deterministic content, a spec. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelSpec } from '../../../src/recipe/model.js';

export function content(size: number): Buffer {
  return randomBytes(size);
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

export function spec(url: string, sha: string | null, name = 'tiny'): ModelSpec {
  return { name, url, sha256: sha, file: `${name}.gguf` };
}

export async function tempCache(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tempfs-models-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Fast retries for tests. */
export const quickRetry = { tries: 5, baseDelayMs: 1, maxDelayMs: 5 };
