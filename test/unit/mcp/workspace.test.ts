import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insideWorkspace } from '../../../src/mcp/workspace.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('insideWorkspace', () => {
  it('judges real paths: below, itself, not yet existing, a sibling with the same prefix, links out', async () => {
    const root = tempDir('tempfs-ws-');
    const ws = join(root, 'ws');
    await mkdir(join(ws, 'src'), { recursive: true });
    await mkdir(join(root, 'ws2'));
    await symlink('/etc', join(ws, 'etc'));
    await symlink(join(ws, 'src'), join(root, 'into'));
    expect(await insideWorkspace(join(ws, 'src'), [ws])).toBe(true);
    expect(await insideWorkspace(ws, [ws])).toBe(true);
    expect(await insideWorkspace(join(ws, 'new', 'deeper', 'file.txt'), [ws])).toBe(true);
    expect(await insideWorkspace(join(ws, '..folder'), [ws])).toBe(true);
    expect(await insideWorkspace(join(root, 'ws2', 'x'), [ws])).toBe(false);
    expect(await insideWorkspace(join(ws, '..', 'x'), [ws])).toBe(false);
    expect(await insideWorkspace(join(ws, 'etc', 'passwd'), [ws])).toBe(false);
    expect(await insideWorkspace(join(root, 'into', 'a.ts'), [ws])).toBe(true);
    expect(await insideWorkspace('/etc/passwd', [ws, join(root, 'ws2')])).toBe(false);
    expect(await insideWorkspace(join(root, 'ws2', 'x'), [ws, join(root, 'ws2')])).toBe(true);
  });
});
