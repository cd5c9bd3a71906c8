// The fast loading path (js-yaml events, no positions) must give exactly what the exact
// path (yaml with positions) gives, and must decline (null) whenever the exact path fails
// or warns, so every message still comes from the exact path.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { LoadOptions } from '../../../src/recipe/load-options.js';
import { bothPaths, recipeDir } from './fast-path-helpers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const valid = join(root, 'test/fixtures/recipes/valid');
const invalid = join(root, 'test/fixtures/recipes/invalid');

/**
 * `fast`: the fast path answers, deep-equal to the exact path. `exact-fails`: the fast path
 * declines and the exact path fails or warns (it words the message). `declines`: a doubt —
 * the fast path declines although the exact path accepts (correct, only slower).
 */
type Outcome = 'fast' | 'exact-fails' | 'declines';

async function expectOutcome(options: LoadOptions, outcome: Outcome) {
  const { fast, exact } = await bothPaths(options);
  const said = exact instanceof Error ? `exact path failed: ${exact.message}` : `exact path warned: ${exact.warnings.map((w) => w.message).join('; ')}`;
  if (outcome === 'fast') {
    expect(exact, said).not.toBeInstanceOf(Error);
    expect(fast, said).not.toBeNull();
    expect(fast).toStrictEqual(exact);
    return { fast, exact };
  }
  expect(fast, 'the fast path answered').toBeNull();
  const failedOrWarned = exact instanceof Error || exact.warnings.length > 0;
  expect(failedOrWarned, outcome === 'exact-fails' ? 'the exact path neither failed nor warned' : said).toBe(outcome === 'exact-fails');
  return { fast, exact };
}

describe('valid recipes: the fast path answers, deep-equal to the exact path', () => {
  const stock = ['recipes/llama-server.yaml', 'recipes/llama-cli.yaml', 'recipes/ubuntu.yaml', 'tempfs.yaml'];
  test.each(stock)('%s', async (file) => {
    await expectOutcome({ cwd: root, files: [file], env: {} }, 'fast');
  });

  test('stock recipes with their variables set (images, model, ports)', async () => {
    const env = { LLAMA_SERVER_IMAGE: 'localhost/fake:1', LLAMA_MODEL_URL: 'http://127.0.0.1:9/m.gguf', LLAMA_MODEL_SHA256: 'AB'.repeat(32), LLAMA_PORT: '9090', SANDBOX_IMAGE: 'localhost/sb:2' };
    for (const file of stock) await expectOutcome({ cwd: root, files: [file], env }, 'fast');
  });

  const fixtures: [string, LoadOptions, Outcome][] = [
    ['anchors (merge keys)', { cwd: join(valid, 'anchors') }, 'fast'],
    ['env: project env_file, env_file, passthrough', { cwd: join(valid, 'env'), env: { PASSTHROUGH: 'from-shell' } }, 'fast'],
    ['env: --env-file (a variable of the project env file is then unset: a warning)', { cwd: join(valid, 'env'), envFiles: ['cli.env'] }, 'exact-fails'],
    ['env: --env-file with that variable in the shell', { cwd: join(valid, 'env'), envFiles: ['cli.env'], env: { ONLY_IN_PROJECT: 'x' } }, 'fast'],
    ['env: from a subfolder', { cwd: join(valid, 'env', 'nested') }, 'fast'],
    ['profiles (no profile)', { cwd: join(valid, 'profiles') }, 'fast'],
    ['profiles: debug, named service', { cwd: join(valid, 'profiles'), profiles: ['debug'], services: ['app'] }, 'fast'],
    ['profiles: docs (an unknown role warns)', { cwd: join(valid, 'profiles'), profiles: ['docs'] }, 'exact-fails'],
    ['profiles: an unknown service', { cwd: join(valid, 'profiles'), services: ['dosc'] }, 'exact-fails'],
    ['merge: -f base -f override', { cwd: join(valid, 'merge'), files: ['base.yaml', 'override.yaml'], services: ['web'] }, 'fast'],
    ['merge: override-bad fails', { cwd: join(valid, 'merge'), files: ['base.yaml', 'override-bad.yaml'] }, 'exact-fails'],
  ];
  test.each(fixtures)('%s', async (_name, options, outcome) => {
    await expectOutcome({ env: {}, ...options }, outcome);
  });

  test('the fixture list covers every valid fixture folder', () => {
    const covered = new Set(fixtures.map(([, o]) => o.cwd.slice(valid.length + 1).split('/')[0]));
    expect(readdirSync(valid).sort()).toEqual([...covered].sort());
  });

  test('a 50-container recipe (the start-up benchmark)', async () => {
    const lines = ['name: bench', 'containers:'];
    for (let i = 0; i < 50; i++) {
      lines.push(`  svc${i}:`, '    image: ${IMAGE:-busybox}', `    environment: { INDEX: "${i}", MODE: "\${MODE:-test}" }`, `    ports: ["${20000 + i}:80"]`);
      lines.push('    resources: { cpus: 0.5, memory: 64m, memory_swap: 128m, pids: 64 }', "    ready: { log: 'ready', timeout: 30s }");
      if (i > 0) lines.push(`    depends_on: { svc${i - 1}: { condition: ready } }`);
    }
    await expectOutcome({ cwd: recipeDir(`${lines.join('\n')}\n`), env: {} }, 'fast');
  });
});

describe('invalid recipes: the fast path never accepts what the exact path rejects', () => {
  const files = readdirSync(invalid).filter((f) => f.endsWith('.yaml')).sort();
  test('the corpus is there', () => expect(files.length).toBeGreaterThanOrEqual(40));
  test.each(files)('%s', async (file) => {
    const { fast, exact } = await bothPaths({ cwd: invalid, files: [file], env: {} });
    expect(exact).toBeInstanceOf(Error);
    expect(fast).toBeNull();
  });
});

const recipe = (container: string, top = '') => `${top}containers:\n  web:\n    image: busybox\n${container}`;

describe('YAML details: same typing in both readers, or the fast path declines', () => {
  const cases: [string, string, Record<string, string>, Outcome][] = [
    ['plain ${VAR:-4} is re-typed to a number', recipe('    resources:\n      cpus: ${CPUS:-4}\n      pids: ${PIDS:-64}\n'), {}, 'fast'],
    ['a set variable wins', recipe('    resources:\n      cpus: ${CPUS:-4}\n'), { CPUS: '2.5' }, 'fast'],
    ['quoted "${VAR:-4}" stays a string', recipe('    resources: { cpus: "${CPUS:-4}" }\n    labels: { a: "${A:-1}" }\n'), {}, 'fast'],
    ['plain ${INIT:-true} is re-typed to a boolean', recipe('    init: ${INIT:-true}\n'), {}, 'fast'],
    ['quoted "${INIT:-true}" is a string: schema error', recipe('    init: "${INIT:-true}"\n'), {}, 'exact-fails'],
    ['${...} inside a flow map is a syntax error in both', recipe('    resources: { cpus: ${CPUS:-4} }\n'), {}, 'exact-fails'],
    ['block scalars are not re-typed', recipe('    labels:\n      a: |\n        ${A:-1}\n      b: >-\n        ${B:-2}\n'), {}, 'fast'],
    ['$$ is a literal dollar', recipe("    command: [sh, -c, 'echo $$HOME', echo $$1]\n"), {}, 'fast'],
    ['core schema: yes/no/on are strings (init: yes fails)', recipe('    init: yes\n'), {}, 'exact-fails'],
    ['core schema forms in labels', recipe('    labels: { a: 0o17, b: 0x1F, c: 1e3, d: .5, e: ~, f: 1_000, g: yes, h: +12, l: 012, m: 1.50, n: TRUE, o: Null, p: 0b11, q: 1:30, r: -0, s: 0x, t: 2001-12-14, u: 0o8, v: 1., w: +.5e-3 }\n'), {}, 'fast'],
    ['.inf and .nan are numbers in both (the schema refuses them)', recipe('    labels: { i: .inf, j: -.INF, k: .NaN }\n'), {}, 'exact-fails'],
    ['non-string keys are stringified', recipe('    labels: { 1: a, true: b, null: c, 1.50: d, 0x1F: e }\n'), {}, 'fast'],
    ['a collection as a key', recipe('    labels: { [a, b]: c }\n'), {}, 'exact-fails'],
    ['an alias as a key', recipe('    labels: { *k : c }\n', 'x-k: &k key\n'), {}, 'exact-fails'],
    ['duplicate keys', recipe('    user: a\n    user: b\n'), {}, 'exact-fails'],
    ['keys 1 and "1": yaml accepts (later wins), fast declines', recipe('    labels:\n      1: a\n      "1": b\n'), {}, 'declines'],
    ['anchors, aliases and merge keys', recipe('    <<: *base\n    user: root\n', 'x-base: &base\n  user: app\n  working_dir: /w\n  labels: &l { a: "1" }\nx-labels: *l\n'), {}, 'fast'],
    ['merge of a list of maps: the first wins', recipe('    <<: [*a, *b]\n', 'x-a: &a { user: a }\nx-b: &b { user: b, working_dir: /b }\n'), {}, 'fast'],
    ['merge through an alias to a list is skipped by both', recipe('    <<: *l\n', 'x-a: &a { user: a }\nx-l: &l [*a]\n'), {}, 'fast'],
    ['an alias names the latest anchor opened before it', recipe('    <<: *a\n', 'x-a: &a\n  x-inner: &a { user: inner }\n'), {}, 'fast'],
    ['a redefined anchor: aliases before and after', recipe('    <<: *a\n', 'x-1: &a { user: one }\nx-2: *a\nx-3: &a { user: three }\n'), {}, 'fast'],
    ['an anchor glued to a flow map is a syntax error in yaml', recipe('    labels: &l{ a: b }\n'), {}, 'exact-fails'],
    ['a quoted "<<" key merges too', recipe('    "<<": *a\n', 'x-a: &a { user: a }\n'), {}, 'fast'],
    ['merge at the top level declines', 'x-a: &a\n  name: merged\n<<: *a\ncontainers:\n  web: { image: busybox }\n', {}, 'declines'],
    ['an explicit tag declines', recipe('    user: !!str 1000\n'), {}, 'declines'],
    ['an explicit document start is fine', `---\n${recipe('    user: app\n')}`, {}, 'fast'],
    ['a document end marker declines', `${recipe('    user: app\n')}...\n`, {}, 'declines'],
    ['comments, then a document end marker: two documents for yaml', `# only a comment\n...\n${recipe('    user: app\n')}`, {}, 'exact-fails'],
    ['two documents', `${recipe('    user: app\n')}---\nname: x\n`, {}, 'exact-fails'],
    ['a %YAML directive declines', `%YAML 1.2\n---\n${recipe('')}`, {}, 'declines'],
    ['an unset variable warns', recipe('    user: ${NOBODY}\n'), {}, 'exact-fails'],
    ['an unset required variable fails', recipe('    user: ${NOBODY:?who}\n'), {}, 'exact-fails'],
    ['a bad ${ fails', recipe('    user: a${x!}\n'), {}, 'exact-fails'],
    ['syntax error', recipe('    user: [a\n'), {}, 'exact-fails'],
    ['an empty file', '', {}, 'exact-fails'],
    ['env_file names are read raw, not interpolated (in both)', `env_file: \${ENVF:-vars.env}\n${recipe('')}`, {}, 'exact-fails'],
    ['env_file feeds interpolation', `env_file: vars.env\n${recipe('    user: ${IMG}\n')}`, {}, 'fast'],
    ['a byte order mark at the start is fine', `\ufeff${recipe('    user: app\n')}`, {}, 'fast'],
    ['a byte order mark inside declines', `# c\n\ufeff${recipe('    user: app\n')}`, {}, 'declines'],
    ['multi-line double-quoted scalars', recipe('    working_dir: "/a\n      b"\n    labels:\n      a: "x\\ty\n\n        z"\n'), {}, 'fast'],
    ['an escaped line break in a double-quoted scalar declines', recipe('    labels:\n      a: "x \\\n\n        y"\n'), {}, 'declines'],
    ['an implicit key over 1024 characters is an error in yaml', recipe(`    labels:\n      ${'k'.repeat(1100)}: v\n`), {}, 'exact-fails'],
    ['__proto__ key declines', recipe('    labels: { __proto__: x }\n'), {}, 'declines'],
  ];
  test.each(cases)('%s', async (_name, text, env, outcome) => {
    await expectOutcome({ cwd: recipeDir(text, { 'vars.env': 'IMG=from-env-file\n' }), env }, outcome);
  });

  test('the re-typing rule, explicitly', async () => {
    const text = recipe('    resources:\n      cpus: ${CPUS:-4}\n    labels:\n      a: "${A:-1}"\n      b: ${B:-1}\n');
    const { fast } = await expectOutcome({ cwd: recipeDir(text), env: {} }, 'fast');
    const doc = fast!.document as { containers: { web: { resources: { cpus: unknown }; labels: Record<string, unknown> } } };
    expect(doc.containers.web.resources.cpus).toBe(4);
    expect(doc.containers.web.labels).toEqual({ a: '1', b: 1 });
  });
});

describe('compose files: the fast path answers alike', () => {
  const compose = join(root, 'test/fixtures/compose');
  test.each(readdirSync(compose).sort())('%s', async (folder) => {
    await expectOutcome({ cwd: join(compose, folder), env: {} }, 'fast');
  });
  test('an override with !reset: the fast path declines (tags), the exact path merges', async () => {
    await expectOutcome({ cwd: join(compose, 'queue-worker'), files: ['compose.yaml', 'ci.yaml'], env: {} }, 'declines');
  });
});
