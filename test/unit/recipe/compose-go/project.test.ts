/** compose-go's project name, profile, port and size tables (test/fixtures/compose-go/*.json). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { swapValue } from '../../../../src/recipe/compose-fields.js';
import { loadProject } from '../../../../src/recipe/index.js';
import type { PortMapping } from '../../../../src/recipe/model.js';
import { parsePorts } from '../../../../src/recipe/ports.js';
import { projectName } from '../../../../src/recipe/project-name.js';
import { parseSize } from '../../../../src/shared/units.js';
import { cases } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'tempfs-compose-go-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function folderWith(files: string[], name = `p${n++}`): { cwd: string; names: string[] } {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  const names = files.map((text, i) => {
    writeFileSync(join(cwd, `compose${i}.yaml`), text);
    return `compose${i}.yaml`;
  });
  return { cwd, names };
}

interface NameCase {
  from: string;
  flag?: string;
  env?: Record<string, string>;
  folder?: string;
  file?: string;
  expected?: string;
  error?: string;
}
const names = cases<{ cases: NameCase[]; interpolation: { from: string; flag?: string; files: string[]; container_names: Record<string, string> }[] }>('project-names');

describe('compose-go project names', () => {
  test.each(names.cases.map((c) => [c.from, c]))('%s', (_from, c) => {
    const name = () =>
      projectName({
        flag: c.flag,
        lookup: (key) => c.env?.[key],
        recipe: c.file ? /^name: (.*)$/m.exec(c.file)?.[1] : undefined,
        dir: c.folder === '/' ? '/' : join(dir, c.folder ?? 'cli'),
      });
    if (c.error) expect(name).toThrow(c.error);
    else expect(name()).toBe(c.expected);
  });

  test.each(names.interpolation.map((c) => [c.from, c]))('COMPOSE_PROJECT_NAME in interpolation: %s', async (_from, c) => {
    const { cwd, names: files } = folderWith(c.files);
    const { project } = await loadProject({ cwd, files, env: {}, projectName: c.flag });
    const actual = Object.fromEntries(Object.values(project.containers).map((s) => [s.name, s.container_name]));
    expect(actual).toEqual(c.container_names);
  });
});

const profiles = cases<{ project: string; cases: { from: string; profiles: string[]; services: string[]; enabled: string[] }[] }>('profiles');

describe('compose-go profiles', () => {
  const { cwd, names: files } = folderWith([profiles.project], 'profiles');
  test.each(profiles.cases.map((c) => [c.from, c]))('%s', async (_from, c) => {
    const { project } = await loadProject({ cwd, files, env: {}, profiles: c.profiles, services: c.services });
    expect(Object.keys(project.containers).sort()).toEqual(c.enabled);
  });
});

const units = cases<{
  ports: { value: string; expected: PortMapping[] | null }[];
  portDifferences: { value: string; why: string }[];
  sizes: { value: string | number; bytes: number | null }[];
  swap: { value: string | number; bytes: number }[];
}>('ports-sizes');

describe('compose-go ports and sizes', () => {
  test.each(units.ports.map((c) => [c.value, c.expected]))('port %j', (value, expected) => {
    expect(parsePorts(value)).toEqual(expected);
  });
  test.each(units.portDifferences.map((c) => [c.value, c.why]))('port %j is refused (deliberate difference: %s)', (value) => {
    expect(parsePorts(value)).toBeNull();
  });
  test.each(units.sizes.map((c) => [c.value, c.bytes]))('size %j -> %j', (value, bytes) => {
    expect(parseSize(value)).toBe(bytes);
  });
  test.each(units.swap.map((c) => [c.value, c.bytes]))('memswap %j -> %j', (value, bytes) => {
    expect(swapValue(value)).toBe(bytes);
  });
});

const fields = cases<{ cases: { from: string; yaml: string; expect: Record<string, Record<string, unknown>> }[] }>('fields');

describe('compose-go service fields (durations, sizes, limits)', () => {
  test.each(fields.cases.map((c) => [c.from, c]))('%s', async (_from, c) => {
    const { cwd, names: files } = folderWith([c.yaml]);
    const { project } = await loadProject({ cwd, files, env: {} });
    for (const [service, expected] of Object.entries(c.expect)) expect(project.containers[service]).toMatchObject(expected);
  });
});
