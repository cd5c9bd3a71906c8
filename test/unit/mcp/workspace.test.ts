import { mkdir, realpath, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../src/mcp/workspace.js';
import { tempDir } from '../../helpers/temp-dir.js';

const inside = (path: string, folders: string[]) => new Workspace(folders).contains(path);

describe('Workspace.contains', () => {
  it('judges real paths: below, itself, not yet existing, a sibling with the same prefix, links out', async () => {
    const root = tempDir('tempfs-ws-');
    const ws = join(root, 'ws');
    await mkdir(join(ws, 'src'), { recursive: true });
    await mkdir(join(root, 'ws2'));
    await symlink('/etc', join(ws, 'etc'));
    await symlink(join(ws, 'src'), join(root, 'into'));
    expect(await inside(join(ws, 'src'), [ws])).toBe(true);
    expect(await inside(ws, [ws])).toBe(true);
    expect(await inside(join(ws, 'new', 'deeper', 'file.txt'), [ws])).toBe(true);
    expect(await inside(join(ws, '..folder'), [ws])).toBe(true);
    expect(await inside(join(root, 'ws2', 'x'), [ws])).toBe(false);
    expect(await inside(join(ws, '..', 'x'), [ws])).toBe(false);
    expect(await inside(join(ws, 'etc', 'passwd'), [ws])).toBe(false);
    expect(await inside(join(root, 'into', 'a.ts'), [ws])).toBe(true);
    expect(await inside('/etc/passwd', [ws, join(root, 'ws2')])).toBe(false);
    expect(await inside(join(root, 'ws2', 'x'), [ws, join(root, 'ws2')])).toBe(true);
  });

  it('resolves each folder once for all its checks, and the path on every check', async () => {
    const root = tempDir('tempfs-ws-');
    const ws = join(root, 'ws');
    const other = join(root, 'other');
    await mkdir(join(ws, 'src'), { recursive: true });
    await mkdir(other);
    const asked: string[] = [];
    const counted = (path: string) => {
      asked.push(path);
      return realpath(path);
    };
    const workspace = new Workspace([ws, other], counted);
    const checks = await Promise.all([workspace.contains(join(ws, 'src')), workspace.contains(join(ws, 'src'))]);
    expect(checks).toEqual([true, true]);
    // A link made after the first checks is still seen for what it is.
    await symlink('/etc', join(ws, 'late'));
    expect(await workspace.contains(join(ws, 'late'))).toBe(false);
    expect(asked.filter((p) => p === ws)).toHaveLength(1);
    expect(asked.filter((p) => p === other)).toHaveLength(1);
    expect(asked.filter((p) => p === join(ws, 'src'))).toHaveLength(2);
    expect(asked.filter((p) => p === join(ws, 'late'))).toHaveLength(1);
  });
});
