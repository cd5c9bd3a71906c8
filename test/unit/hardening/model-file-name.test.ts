// Issue 16 item 1: a model URL or `file:` must never name a path outside the cache folder.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { modelPaths } from '../../../src/models/cache-layout.js';
import { fileNameOf } from '../../../src/recipe/normalise-project.js';
import { loadText, rejection } from './load-text.js';

const recipe = (model: string) => `name: m\nmodels:\n  qwen:\n${model}\ncontainers:\n  a: { image: busybox, models: [qwen] }\n`;

describe('model file names stay inside the cache', () => {
  test('a percent-encoded ../ in the URL falls back to <name>.gguf', async () => {
    const { project } = await loadText(recipe('    url: http://h/x%2F..%2F..%2F..%2Ftmp%2Fowned.txt'));
    expect(project.models.qwen!.file).toBe('qwen.gguf');
    const paths = modelPaths(project.models.qwen!, '/cache');
    expect(paths.final.startsWith('/cache/url/')).toBe(true);
    expect(paths.meta.startsWith('/cache/url/')).toBe(true);
  });

  test.each(['%2E%2E', '..', '.', 'a%5Cb', 'a%00b', '%0A'])('URL segment %s is not used as a file name', (seg) => {
    expect(fileNameOf(`http://h/${seg}`)).toBeNull();
  });

  test('an ordinary URL keeps its file name', () => {
    expect(fileNameOf('https://h/a/qwen2.5%20q4.gguf?x=1')).toBe('qwen2.5 q4.gguf');
  });

  test.each(['..', '.', 'a\\\\b'])('file: %s is a recipe error with its position', async (file) => {
    const e = await rejection(loadText(recipe(`    url: http://h/m.gguf\n    file: "${file}"`)));
    expect(e.code).toBe('RECIPE_INVALID');
    expect(e.line).toMatch(/tempfs\.yaml:5:\d+: models\.qwen\.file: ".*" must be a plain file name/);
  });

  test('modelPaths refuses a name that leaves its folder, whoever calls it', () => {
    const spec = { name: 'q', url: 'http://h/m', sha256: null, file: '..' };
    expect(() => modelPaths(spec, '/cache')).toThrow(/not a plain file name/);
    expect(() => modelPaths({ ...spec, file: join('..', 'x') }, '/cache')).toThrow(/not a plain file name/);
  });

  test('a plain name that starts with two dots is a file in the folder, as the schema says', () => {
    const spec = { name: 'q', url: 'http://h/m', sha256: null, file: '..hidden.gguf' };
    expect(modelPaths(spec, '/cache').final).toMatch(/^\/cache\/url\/[0-9a-f]{64}\/\.\.hidden\.gguf$/);
  });
});
