// Issue 16 item 15: odd files are clear input errors that name the file, never "internal".
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runInProcess } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { MAX_TEXT_FILE_BYTES } from '../../../src/recipe/read-text.js';

const dir = tempDir('tempfs-odd-');
mkdirSync(join(dir, 'folder'));
writeFileSync(join(dir, 'empty.yaml'), '# nothing here\n\n');
symlinkSync('loop-b', join(dir, 'loop-a'));
symlinkSync('loop-a', join(dir, 'loop-b'));
execFileSync('mkfifo', [join(dir, 'fifo')]);
writeFileSync(join(dir, 'latin1.yaml'), Buffer.from('name: caf\xe9\ncontainers:\n  a: { image: busybox }\n', 'latin1'));
writeFileSync(join(dir, 'huge.yaml'), Buffer.alloc(MAX_TEXT_FILE_BYTES + 1, 0x20));
writeFileSync(join(dir, 'nul.env'), 'A=1\n\0\x01binary\n');
writeFileSync(join(dir, 'env.yaml'), 'name: e\ncontainers:\n  a: { image: busybox, env_file: [nul.env] }\n');

const validate = (file: string) => runInProcess(['-f', file, 'validate'], { cwd: dir });

describe('odd recipe and env files', () => {
  test.each([
    ['folder', 'error: recipe folder is a folder, not a file'],
    ['empty.yaml', 'error: recipe empty.yaml is empty'],
    ['loop-a', 'error: recipe loop-a cannot be read: too many levels of symbolic links (a symlink loop?)'],
    ['/dev/zero', 'error: recipe /dev/zero is not a regular file (a device, pipe or socket)'],
    ['fifo', 'error: recipe fifo is not a regular file (a device, pipe or socket)'],
    ['latin1.yaml', 'error: recipe latin1.yaml is not UTF-8 text'],
    ['huge.yaml', 'error: recipe huge.yaml is larger than 2 MiB, the most tempfs reads'],
    ['env.yaml', 'error: env.yaml:3:35: env file nul.env: has a NUL byte on line 2: it looks like a binary file, not text'],
  ])('%s', async (file, message) => {
    const r = await validate(file);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.stderr).not.toContain('internal');
    expect(r.stderr).not.toContain('\0');
  });
});
