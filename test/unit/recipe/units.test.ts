import { describe, expect, test } from 'vitest';
import { parseDuration, parseSize } from '../../../src/shared/units.js';
import { parsePort } from '../../../src/recipe/ports.js';
import { resolveModelUrl, fileNameOf } from '../../../src/recipe/normalise-project.js';
import { splitWords } from '../../../src/recipe/argv.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('sizes (1024-based, like Podman)', () => {
  test.each([
    [512, 512],
    ['512', 512],
    ['512b', 512],
    ['64k', 64 * 1024],
    ['512m', 512 * MiB],
    ['6g', 6 * GiB],
    ['6G', 6 * GiB],
    ['1.5GiB', 1.5 * GiB],
    ['2MB', 2 * MiB],
    ['1t', 1024 * GiB],
  ])('%s -> %d bytes', (input, bytes) => expect(parseSize(input)).toBe(bytes));

  test.each(['', 'lots', '6gb2', '-1', '5ib', '1.5'.concat('x')])('%j is not a size', (input) => expect(parseSize(input)).toBeNull());
  test('a negative or fractional number of bytes is not a size', () => {
    expect([parseSize(-5), parseSize(1.5)]).toEqual([null, null]);
  });
});

describe('durations', () => {
  test.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['1m30s250ms', 90_250],
  ])('%s -> %d ms', (input, ms) => expect(parseDuration(input)).toBe(ms));

  test.each(['90', '', '10sec', 's', '1d', '1h 30m'])('%j is not a duration', (input) => expect(parseDuration(input)).toBeNull());
});

describe('ports', () => {
  test.each([
    ['8080', { host_ip: '', host: null, container: 8080, protocol: 'tcp' }],
    [8080, { host_ip: '', host: null, container: 8080, protocol: 'tcp' }],
    ['8080:80', { host_ip: '', host: 8080, container: 80, protocol: 'tcp' }],
    ['127.0.0.1:8080:80', { host_ip: '127.0.0.1', host: 8080, container: 80, protocol: 'tcp' }],
    ['127.0.0.1::80', { host_ip: '127.0.0.1', host: null, container: 80, protocol: 'tcp' }],
    ['[::1]:8080:80', { host_ip: '::1', host: 8080, container: 80, protocol: 'tcp' }],
    ['5353:53/udp', { host_ip: '', host: 5353, container: 53, protocol: 'udp' }],
    [{ target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'udp' as const }, { host_ip: '127.0.0.1', host: 8080, container: 80, protocol: 'udp' }],
    [{ target: 80 }, { host_ip: '', host: null, container: 80, protocol: 'tcp' }],
  ])('%j', (input, expected) => expect(parsePort(input)).toEqual(expected));

  test.each(['80800', '0', '8080:0', 'http:80', '8080:80/sctp', '1.2.3:80', '70000:80'])('%j is not a mapping', (input) => {
    expect(parsePort(input)).toBeNull();
  });
});

describe('models', () => {
  test('hf:// maps to a resolve URL on main, or on the given revision', () => {
    expect(resolveModelUrl('hf://Qwen/Repo-GGUF/sub/m.gguf')).toBe('https://huggingface.co/Qwen/Repo-GGUF/resolve/main/sub/m.gguf');
    expect(resolveModelUrl('hf://Qwen/Repo/m.gguf@v1.0')).toBe('https://huggingface.co/Qwen/Repo/resolve/v1.0/m.gguf');
    expect(resolveModelUrl('https://example.com/x.gguf')).toBe('https://example.com/x.gguf');
  });
  test('the default file name is the URL path\'s last segment', () => {
    expect(fileNameOf('https://example.com/a/b%20c.gguf?download=1')).toBe('b c.gguf');
  });
});

describe('command strings split like a shell', () => {
  test.each([
    ['sh -c "echo hi"', ['sh', '-c', 'echo hi']],
    ["echo 'a b' c\\ d", ['echo', 'a b', 'c d']],
    ['a "" b', ['a', '', 'b']],
    ['  spaced   out ', ['spaced', 'out']],
  ])('%s', (input, argv) => expect(splitWords(input)).toEqual(argv));
  test('an open quote is an error', () => expect(splitWords('echo "hi')).toBeNull());
});
