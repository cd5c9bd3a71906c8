/**
 * compose-go's merge tables (test/fixtures/compose-go/override.json): loading `-f base -f
 * override` must give the same model as loading the expected file alone. Cases on keys
 * tempfs does not run are listed with the reason (README, "Deliberate differences").
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadProject } from '../../../../src/recipe/index.js';
import { cases } from './fixtures.js';

interface Case {
  from: string;
  base: string;
  override: string;
  expected: string;
  declare?: string;
}

/** Cases whose keys tempfs refuses (each a located error): why. */
export const DIFFERENCES: Record<string, string> = {
  'Test_mergeYamlDeployLabelsSequence': 'deploy.labels is swarm-only',
  'Test_mergeYamlDeployLabelsMapping': 'deploy.labels is swarm-only',
  'Test_mergeYamlDeployLabelsMixed': 'deploy.labels is swarm-only',
  'Test_mergeYamlDeployLabelsNumber': 'deploy.labels is swarm-only',
  'Test_mergeYamlBuildLabelsSequence': 'build is not run by tempfs',
  'Test_mergeYamlBuildLabelsMapping': 'build is not run by tempfs',
  'Test_mergeYamlBuildLabelsMixed': 'build is not run by tempfs',
  'Test_mergeYamlBuildLabelsNumber': 'build is not run by tempfs',
  'Test_mergeYamlServiceNetworksMapping': 'networks.*.link_local_ips is not supported',
  'Test_mergeYamlServiceNetworksMixed': 'networks.*.link_local_ips is not supported',
  'Test_mergeYamlNetworks': 'top-level networks.*.ipam is not supported',
  'Test_mergeYamlUlimits': 'a ulimit needs both soft and hard (as in Compose\'s own schema; the table merges partial ones)',
};

const dir = mkdtempSync(join(tmpdir(), 'tempfs-override-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The tables leave `image` out where it does not matter; tempfs requires one. */
function withImage(text: string): string {
  return text.replace(/^( {2})([a-zA-Z0-9_-]+):\n(?! {4}image:)/gm, (whole, indent, name, offset) => (isService(text, offset) ? `${indent}${name}:\n    image: test\n` : whole));
}
function isService(text: string, offset: number): boolean {
  const before = text.slice(0, offset);
  const top = [...before.matchAll(/^([a-z_]+):/gm)].at(-1);
  return top?.[1] === 'services';
}

async function load(folder: string, files: Record<string, string>) {
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(folder, name), text);
    // Files the fragments name (env files, secrets) exist, empty.
    for (const [ref] of text.matchAll(/[\w.-]+\.(?:env|txt)\b/g)) if (ref !== name) writeFileSync(join(folder, ref), '');
  }
  return loadProject({ cwd: folder, files: Object.keys(files), env: {}, projectName: 'merge' });
}

const table = cases<{ cases: Case[] }>('override').cases;

describe('compose-go override', () => {
  test.each(table.map((c) => [c.from, c]))('%s', async (from, c) => {
    const name = from.split(' ').at(-1)!;
    const folder = join(dir, name);
    const merged = load(folder, { 'base.yaml': withImage(c.base) + (c.declare ?? ''), 'override.yaml': c.override });
    if (DIFFERENCES[name]) {
      await expect(merged).rejects.toMatchObject({ code: 'RECIPE_INVALID' });
      return;
    }
    const expected = await load(folder, { 'expected.yaml': withImage(c.expected) + (c.declare ?? '') });
    const strip = (p: Awaited<typeof merged>) => ({ ...p.project, files: [], dir: '' });
    expect(strip(await merged)).toEqual(strip(expected));
  });
});
