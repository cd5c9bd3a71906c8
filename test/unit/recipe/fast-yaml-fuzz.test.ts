// A seeded differential test of the two YAML readers: mutate YAML-rich texts at random
// (deterministically) and check that whenever the fast reader accepts a text, the exact
// reader accepts it too and gives the same data. 150 cases by default (the unit tier stays fast);
// run with FAST_YAML_FUZZ=N (and FAST_YAML_FUZZ_SEED) for more.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { readYamlFast } from '../../../src/recipe/fast-yaml.js';
import { interpolated } from '../../../src/recipe/load-fast.js';
import { readYaml, toData } from '../../../src/recipe/parse.js';
import { PositionTable } from '../../../src/recipe/positions.js';

const RICH = `# a YAML-rich document
x-base: &base
  user: app
  labels: { a: "1", 'b': 'it''s', c: "tab\\there \\u00e9 \\x41", d: plain text here }
list:
  - plain
  - "double \${X:-1}"
  - 'single $$'
  - \${Y:-2}
  - [flow, "q", 'r', 3, 0x1F, ~, null, true]
  - { k: v, n: 1.5 }
  - ? complex
    : value
  -
  - - nested
    - seq
block: |
  line one \${Z:-z}
    indented
  last
folded: >-
  folded
  text

  para
keep: |+
  kept

multi: this is a
  multi-line plain
  scalar
dq: "multi
  line \\
  escaped"
sq: 'multi
  line'
merged:
  <<: [*base, { extra: 1 }]
  user: root
empty:
nums: [0o17, 012, +1, -0, .5, 1e3, 1_0, 0b1, 1:2, .inf, .NaN]
"quoted key": 1
? explicit
: entry
anchored: &scal \${A:-5}
again: *scal
url: http://x:8080/p?q=1#frag
colon: a:b
`;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const sources = [RICH, ...['recipes/llama-server.yaml', 'recipes/ubuntu.yaml', 'test/fixtures/recipes/valid/anchors/tempfs.yaml'].map((f) => readFileSync(root + f, 'utf8'))];
const INSERTS = [':', '-', ' ', '  ', '"', "'", '&a ', '*a', '!!str ', '<<: ', '\t', '\n', '#', '[', ']', '{', '}', ',', '?', '|', '>', '$', '%', '---\n', '...\n',
  '0x1', '.5', '~', 'yes', ': x', '\\', '@', '`', '<<: *base\n', '"\\u0041"', "''", '- ', '? ', '|-\n', '>+\n', '\r\n', '\u00a0', '\ufeff', '&scal', '*scal', '*base'];

function prng(seed: number) {
  return (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

function mutate(text: string, rand: (n: number) => number): string {
  const pos = rand(text.length);
  const lines = text.split('\n');
  const [li, lj] = [rand(lines.length), rand(lines.length)];
  switch (rand(5)) {
    case 0:
      return text.slice(0, pos) + text.slice(pos + 1 + rand(3));
    case 1:
      return text.slice(0, pos) + INSERTS[rand(INSERTS.length)] + text.slice(pos);
    case 2:
      lines.splice(li, 0, lines[li]!);
      break;
    case 3:
      lines[li] = ' '.repeat(rand(5)) + lines[li]!.trimStart();
      break;
    default:
      [lines[li], lines[lj]] = [lines[lj]!, lines[li]!];
  }
  return lines.join('\n');
}

const lookup = (name: string) => `v${name}`;
const exact = (text: string) => {
  try {
    return { data: toData(readYaml(text, 'f.yaml'), { table: new PositionTable(), warnings: [], lookup }) };
  } catch (e) {
    return { error: String(e) };
  }
};
const fast = (text: string) => {
  try {
    return interpolated(readYamlFast(text).data, lookup);
  } catch {
    return null;
  }
};

test('whatever the fast reader accepts, the exact reader accepts with the same data', () => {
  const rand = prng(Number(process.env.FAST_YAML_FUZZ_SEED ?? 20261121));
  const cases = Number(process.env.FAST_YAML_FUZZ ?? 150);
  let taken = 0;
  for (let i = 0; i < cases; i++) {
    let text = sources[rand(sources.length)]!;
    for (let m = rand(4); m > 0; m--) text = mutate(text, rand);
    const f = fast(text);
    if (f === null) continue;
    taken++;
    expect(exact(text), text).toStrictEqual({ data: f });
  }
  // The mutations leave many texts valid: the comparison ran, it did not just skip.
  expect(taken).toBeGreaterThan(cases / 5);
});
