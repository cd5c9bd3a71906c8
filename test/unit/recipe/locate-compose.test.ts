/** Which files load without -f: tempfs.yaml first, then Compose's names with their override. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadProject } from '../../../src/recipe/index.js';
import { locateRecipeFiles } from '../../../src/recipe/locate.js';

const root = mkdtempSync(join(tmpdir(), 'tempfs-locate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(files: string[]): string {
  const dir = mkdtempSync(join(root, 'f-'));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'services:\n  web:\n    image: x\n');
  }
  return dir;
}
const names = (dir: string, found: string[]) => found.map((f) => f.slice(dir.length + 1));

test.each([
  [['tempfs.yaml', 'compose.yaml'], ['tempfs.yaml']],
  [['compose.yaml', 'compose.yml', 'docker-compose.yml'], ['compose.yaml']],
  [['compose.yml', 'docker-compose.yaml'], ['compose.yml']],
  [['docker-compose.yaml', 'docker-compose.yml'], ['docker-compose.yaml']],
  [['docker-compose.yml', 'docker-compose.override.yml'], ['docker-compose.yml', 'docker-compose.override.yml']],
  [['compose.yaml', 'compose.override.yaml', 'compose.override.yml'], ['compose.yaml', 'compose.override.yaml']],
])('%j -> %j', async (files, expected) => {
  const dir = folder(files);
  expect(names(dir, await locateRecipeFiles(dir, undefined, {}))).toEqual(expected);
});

test('a parent folder\'s compose file is found from a subfolder', async () => {
  const dir = folder(['compose.yaml', 'src/app/.keep']);
  expect(names(dir, await locateRecipeFiles(join(dir, 'src', 'app'), undefined, {}))).toEqual(['compose.yaml']);
});

test('COMPOSE_PROFILES and COMPOSE_PROJECT_NAME may come from the .env file', async () => {
  const dir = folder([]);
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: x\n  debug:\n    image: x\n    profiles: [debug]\n');
  writeFileSync(join(dir, '.env'), 'COMPOSE_PROFILES=debug\nCOMPOSE_PROJECT_NAME=from-dotenv\n');
  const { project } = await loadProject({ cwd: dir, env: {} });
  expect([project.name, Object.keys(project.containers)]).toEqual(['from-dotenv', ['web', 'debug']]);
});

test('nothing found names both kinds of file', async () => {
  await expect(locateRecipeFiles('/', undefined, {})).rejects.toThrow('no tempfs.yaml (or compose.yaml) in / or its parents');
});
