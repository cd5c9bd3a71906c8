/** The `network` field of a container (default | none | internal), and Compose's `network_mode: none` read as it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTempfsError, type TempfsError } from '../../../src/errors.js';
import { loadProject } from '../../../src/recipe/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

async function load(text: string, file = 'tempfs.yaml') {
  const dir = tempDir('tempfs-network-');
  writeFileSync(join(dir, file), text);
  return loadProject({ cwd: dir, env: {}, files: [file] });
}

const recipe = (fields: string) => `name: net\ncontainers:\n  a:\n    image: localhost/tempfs-busybox:test\n${fields}  b:\n    image: localhost/tempfs-busybox:test\n`;

describe('network policy', () => {
  it('is default unless set; none and internal are kept', async () => {
    const { project } = await load(recipe('    network: internal\n'));
    expect(project.containers.a!.network).toBe('internal');
    expect(project.containers.b!.network).toBe('default');
    expect((await load(recipe('    network: none\n'))).project.containers.a!.network).toBe('none');
  });

  it('refuses an unknown policy with its place', async () => {
    const error = await load(recipe('    network: host\n')).catch((e: unknown) => e);
    expect(isTempfsError(error, 'RECIPE_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/^containers\.a\.network: "host" is not one of/);
    expect((error as TempfsError).at?.line).toBe(5);
  });

  it('refuses none or internal beside listed networks', async () => {
    const text = `name: net\nnetworks:\n  back: {}\ncontainers:\n  a:\n    image: localhost/tempfs-busybox:test\n    network: none\n    networks: [back]\n`;
    const error = await load(text).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/containers\.a\.networks: a container with network: none joins no listed network/);
  });

  it('reads a compose file\'s network_mode: none as network: none, and refuses the other modes', async () => {
    const none = await load('services:\n  web:\n    image: localhost/tempfs-busybox:test\n    network_mode: none\n', 'compose.yaml');
    expect(none.project.containers.web!.network).toBe('none');
    const host = await load('services:\n  web:\n    image: localhost/tempfs-busybox:test\n    network_mode: host\n', 'compose.yaml').catch((e: unknown) => e);
    expect((host as Error).message).toMatch(/services\.web\.network_mode: not supported by tempfs: of network_mode tempfs reads only "none"/);
  });

  it('refuses network and network_mode that disagree', async () => {
    const error = await load('services:\n  web:\n    image: localhost/tempfs-busybox:test\n    network_mode: none\n    network: internal\n', 'compose.yaml').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/network: internal contradicts network_mode: none/);
  });
});
