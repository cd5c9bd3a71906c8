/**
 * Helpers for integration tests against real Podman: a unique project per test file,
 * a check that nothing labelled with it is left, and a cleanup that removes it all.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { testEngine } from './engine.js';

export const TEST_IMAGES = {
  busybox: 'localhost/tempfs-busybox:test',
  debian: 'localhost/tempfs-debian:test',
  llamaServer: 'localhost/tempfs-fake-llama:server',
  llamaLight: 'localhost/tempfs-fake-llama:light',
  /** Real llama.cpp, built from source by scripts/llama-images.sh. */
  realLlamaServer: 'localhost/tempfs-llama:server',
  realLlamaLight: 'localhost/tempfs-llama:light',
} as const;

/** `<prefix>-<8 hex>`: unique per call, valid as a tempfs project name. */
export function uniqueProject(prefix = 'it'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export interface Leftovers {
  containers: string[];
  volumes: string[];
  networks: string[];
}

/** Everything Podman still holds with `io.tempfs.project=<project>`. */
export async function leftovers(project: string, engine = testEngine()): Promise<Leftovers> {
  const [containers, volumes, networks] = await Promise.all([
    engine.listContainers({ project }).then((list) => list.map((c) => c.name)),
    engine.listVolumes({ project }),
    engine.listNetworks({ project }),
  ]);
  return { containers, volumes, networks };
}

/** Fails the test when any container, volume or network of the project remains. */
export async function assertNothingLeft(project: string, engine = testEngine()): Promise<void> {
  expect(await leftovers(project, engine)).toEqual({ containers: [], volumes: [], networks: [] });
}

/** Removes every object of the project (containers first: they hold volumes and networks). */
export async function removeProject(project: string, engine = testEngine()): Promise<void> {
  const containers = await engine.listContainers({ project });
  await engine.removeContainers(containers.map((c) => c.name), 0);
  const [volumes, networks] = await Promise.all([engine.listVolumes({ project }), engine.listNetworks({ project })]);
  await Promise.all([...volumes.map((v) => engine.removeVolume(v)), ...networks.map((n) => engine.removeNetwork(n))]);
}

/** Skips nothing: fails loudly when a test image is missing, naming the script that builds it. */
export async function requireImages(images: string[], engine = testEngine()): Promise<void> {
  for (const image of images) {
    if (!(await engine.imageExists(image))) throw new Error(`test image ${image} is missing: run ${image.includes('tempfs-llama:') ? 'scripts/llama-images.sh' : 'scripts/test-images.sh'}`);
  }
}
