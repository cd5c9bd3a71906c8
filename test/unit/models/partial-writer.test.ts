import { readFile, symlink, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartialWriter, RING_BYTES, WriteFailure } from '../../../src/models/partial-writer.js';
import { content, sha256, tempCache } from './fixtures.js';

// Larger than the ring, in odd chunk sizes, so slots wrap and the writer waits.
const data = content(RING_BYTES + 1024 * 1024 + 12_345);
let cache: Awaited<ReturnType<typeof tempCache>>;
beforeEach(async () => {
  cache = await tempCache();
});
afterEach(async () => {
  await cache.cleanup();
});

async function writeAll(w: PartialWriter, bytes: Buffer, step = 100_003): Promise<void> {
  for (let at = 0; at < bytes.length; at += step) {
    const wait = w.push(bytes.subarray(at, at + step));
    if (wait) await wait;
  }
  await w.flush();
}

describe('PartialWriter', () => {
  it('writes and hashes a stream bigger than its ring', async () => {
    const path = `${cache.dir}/f.partial`;
    const w = await PartialWriter.open(path, 0);
    await writeAll(w, data);
    expect(w.written).toBe(data.length);
    expect(await w.digest()).toBe(sha256(data));
    await w.close();
    expect((await readFile(path)).equals(data)).toBe(true);
  });

  it('continues a partial: hashes the prefix on disk, then the new bytes', async () => {
    const path = `${cache.dir}/f.partial`;
    const cut = 3 * 1024 * 1024 + 7;
    // Bytes past the cut (a torn earlier write) are dropped by the truncate.
    await writeFile(path, Buffer.concat([data.subarray(0, cut), Buffer.from('garbage')]));
    const w = await PartialWriter.open(path, cut);
    await writeAll(w, data.subarray(cut), 65_536);
    expect(await w.digest()).toBe(sha256(data));
    await w.close();
    expect((await readFile(path)).equals(data)).toBe(true);
  });

  it('reports a full disk as a WriteFailure carrying ENOSPC', async () => {
    const path = `${cache.dir}/f.partial`;
    await symlink('/dev/full', path);
    const w = await PartialWriter.open(path, 0);
    const e = await writeAll(w, data).then(() => null, (x: unknown) => x);
    await w.close();
    expect(e).toBeInstanceOf(WriteFailure);
    expect(((e as WriteFailure).original as NodeJS.ErrnoException).code).toBe('ENOSPC');
  });
});
