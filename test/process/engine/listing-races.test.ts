/**
 * Podman listings and prunes read every object of the machine: one removed at that moment by
 * anyone else fails them. Listings are asked again; a failed prune falls back to names.
 *
 * A project's networks go by one `network prune --filter label=`; Podman's prune fails when
 * any container of the machine is removed while it runs ("does not exist in database"), and
 * then the project's networks go one by one, by name. A faked podman answers as the real one.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { tempDir } from '../../helpers/temp-dir.js';

async function fakePodman(pruneFails: boolean): Promise<{ binary: string; calls: () => Promise<string[]> }> {
  const dir = tempDir('tempfs-prune-');
  const log = join(dir, 'calls.log');
  const binary = join(dir, 'podman');
  const prune = pruneFails ? 'echo "Error: container c33f does not exist in database: no such container" >&2; exit 125' : 'echo app_default';
  await writeFile(
    binary,
    `#!/bin/sh
echo "$*" >> ${log}
case "$1 $2" in
  "network prune") ${prune} ;;
  "network ls") echo app_default ;;
  "network rm") exit 0 ;;
  *) exit 125 ;;
esac
`,
  );
  await chmod(binary, 0o755);
  return { binary, calls: async () => (await readFile(log, 'utf8')).trim().split('\n') };
}

describe('pruneNetworks', () => {
  it('is one prune by label when it works', async () => {
    const { binary, calls } = await fakePodman(false);
    expect(await new PodmanEngine({ binary }).pruneNetworks({ project: 'app' })).toEqual(['app_default']);
    expect(await calls()).toEqual(['network prune --force --filter label=io.tempfs.project=app']);
  });

  it('falls back to the project networks by name when the prune fails on another container', async () => {
    const { binary, calls } = await fakePodman(true);
    expect(await new PodmanEngine({ binary }).pruneNetworks({ project: 'app' })).toEqual(['app_default']);
    expect(await calls()).toEqual([
      'network prune --force --filter label=io.tempfs.project=app',
      'network ls --quiet --filter label=io.tempfs.project=app',
      'network rm -- app_default',
    ]);
  });

  it('refuses an empty filter (it would prune every unused network)', async () => {
    const { binary } = await fakePodman(false);
    await expect(new PodmanEngine({ binary }).pruneNetworks({})).rejects.toThrow(/at least one label/);
  });
});

describe('listings', () => {
  async function flakyPodman(failures: number): Promise<{ binary: string; calls: () => Promise<string[]> }> {
    const dir = tempDir('tempfs-listing-');
    const log = join(dir, 'calls.log');
    const binary = join(dir, 'podman');
    await writeFile(
      binary,
      `#!/bin/sh
echo "$*" >> ${log}
n=$(wc -l < ${log})
if [ "$n" -le ${failures} ]; then echo "Error: no volume with name sandbox-root found in database: no such volume" >&2; exit 125; fi
echo '[{"Name":"app_data","Labels":{"io.tempfs.project":"app"}}]'
`,
    );
    await chmod(binary, 0o755);
    return { binary, calls: async () => (await readFile(log, 'utf8')).trim().split('\n') };
  }

  it('are asked again when an object went while Podman read it (removed by anyone meanwhile)', async () => {
    const { binary, calls } = await flakyPodman(2);
    expect(await new PodmanEngine({ binary }).listVolumes({ project: 'app' })).toEqual(['app_data']);
    expect((await calls()).length).toBe(3);
  });

  it('fail with the engine\'s words after three such answers', async () => {
    const { binary, calls } = await flakyPodman(5);
    await expect(new PodmanEngine({ binary }).listVolumes({ project: 'app' })).rejects.toThrow(/no such volume/);
    expect((await calls()).length).toBe(3);
  });
});
