import { readFile, symlink, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartialFile, QUEUE_BYTES, WriteFailure } from '../../../src/models/partial-file.js';
import { content, sha256, tempCache } from './fixtures.js';

// Larger than the write queue, in odd chunk sizes, so the writer has to wait for the disk.
const data = content(QUEUE_BYTES * 2 + 12_345);
let cache: Awaited<ReturnType<typeof tempCache>>;
beforeAll(async () => {
  cache = await tempCache();
});
afterAll(async () => {
  await cache.cleanup();
});

async function writeAll(w: PartialFile, bytes: Buffer, step = 100_003): Promise<number> {
  let waits = 0;
  for (let at = 0; at < bytes.length; at += step) {
    const wait = w.push(bytes.subarray(at, at + step));
    if (wait) (waits++, await wait);
  }
  await w.flush();
  return waits;
}

describe('PartialFile', () => {
  it('writes and hashes a stream bigger than its queue, waiting for the disk', async () => {
    const path = `${cache.dir}/a.partial`;
    const w = await PartialFile.open(path, 0);
    expect(await writeAll(w, data)).toBeGreaterThan(0);
    expect(w.written).toBe(data.length);
    expect(w.digest()).toBe(sha256(data));
    await w.close();
    expect((await readFile(path)).equals(data)).toBe(true);
  });

  it('continues a partial: hashes the prefix on disk, then the new bytes', async () => {
    const path = `${cache.dir}/b.partial`;
    const cut = QUEUE_BYTES + 7;
    // Bytes past the cut (a torn earlier write) are dropped by the truncate.
    await writeFile(path, Buffer.concat([data.subarray(0, cut), Buffer.from('garbage')]));
    const w = await PartialFile.open(path, cut);
    await writeAll(w, data.subarray(cut), 65_536);
    expect(w.digest()).toBe(sha256(data));
    await w.close();
    expect((await readFile(path)).equals(data)).toBe(true);
  });

  it('reports a full disk as a WriteFailure carrying ENOSPC', async () => {
    const path = `${cache.dir}/c.partial`;
    await symlink('/dev/full', path);
    const w = await PartialFile.open(path, 0);
    const e = await writeAll(w, data).then(() => null, (x: unknown) => x);
    await w.close();
    expect(e).toBeInstanceOf(WriteFailure);
    expect(((e as WriteFailure).original as NodeJS.ErrnoException).code).toBe('ENOSPC');
  });
});
