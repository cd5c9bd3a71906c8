// Issue 16 item 3: no value that reaches an argument array can be read as an option.
import { describe, expect, test } from 'vitest';
import { buildCreateArgs } from '../../../src/engine/run-args.js';
import { request } from '../engine/spec-fixture.js';
import { loadText, rejection } from './load-text.js';

describe('an image is never a flag', () => {
  test.each(['--privileged', '--volume=/:/host', '-v', 'busybox --privileged'])('image %j is a recipe error', async (image) => {
    const e = await rejection(loadText(`name: x\ncontainers:\n  a:\n    image: \${IMG}\n    command: [localhost/tempfs-busybox:test, sh]\n`, { env: { IMG: image } }));
    expect(e.code).toBe('RECIPE_INVALID');
    expect(e.line).toMatch(/tempfs\.yaml:4:\d+: containers\.a\.image: .* must be an image reference/);
  });

  test('options end with -- before the image, whatever the spec says', () => {
    const args = buildCreateArgs(request({ image: '--privileged', command: ['sh'] }));
    const end = args.indexOf('--');
    expect(end).toBe(args.length - 3);
    expect(args.slice(end)).toEqual(['--', '--privileged', 'sh']);
    expect(args.slice(0, end)).not.toContain('--privileged');
  });
});
