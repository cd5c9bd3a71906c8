/** The workspace check of container_start's volumes: inside only, after realpath; read-only unless rw. */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTempfsError } from '../../../src/errors.js';
import { isInside, workspaceMounts, workspaceRoots } from '../../../src/mcp/workspace.js';
import { tempDir } from '../../helpers/temp-dir.js';

function layout() {
  const base = tempDir('tempfs-workspace-');
  for (const dir of ['work/src', 'work/out', 'other', 'work-sibling']) mkdirSync(join(base, dir), { recursive: true });
  symlinkSync(join(base, 'other'), join(base, 'work', 'escape'));
  symlinkSync(join(base, 'work', 'src'), join(base, 'work', 'inner-link'));
  return base;
}

describe('isInside', () => {
  it('is true for the root and below it, false for siblings sharing a prefix and parents', () => {
    expect(isInside('/w', '/w')).toBe(true);
    expect(isInside('/w/a/b', '/w')).toBe(true);
    expect(isInside('/w-other', '/w')).toBe(false);
    expect(isInside('/', '/w')).toBe(false);
    expect(isInside('/w/../x', '/w')).toBe(false);
  });
});

describe('workspaceMounts', () => {
  it('binds read-only by default, rw when asked, relative paths from the first workspace folder', async () => {
    const base = layout();
    const roots = await workspaceRoots([join(base, 'work')], base);
    const mounts = await workspaceMounts([{ source: 'src' }, { source: join(base, 'work', 'out'), target: '/out', mode: 'rw' }], roots);
    expect(mounts).toEqual([
      { type: 'bind', source: join(roots[0]!, 'src'), target: '/workspace/src', read_only: true, options: [] },
      { type: 'bind', source: join(roots[0]!, 'out'), target: '/out', read_only: false, options: [] },
    ]);
  });

  it('follows symlinks: one pointing inside is fine, one pointing out is refused and named', async () => {
    const base = layout();
    const roots = await workspaceRoots([join(base, 'work')], base);
    expect((await workspaceMounts([{ source: 'inner-link' }], roots))[0]!.source).toBe(join(roots[0]!, 'src'));
    const error = await workspaceMounts([{ source: 'escape', mode: 'rw' }], roots).catch((e: unknown) => e);
    expect(isTempfsError(error, 'USAGE')).toBe(true);
    expect((error as Error).message).toMatch(/^volumes\[0\]: .*work\/escape \(which is .*other\) is outside the workspace/);
  });

  it('refuses paths outside (a sibling with the same prefix too), missing ones, and bad targets', async () => {
    const base = layout();
    const roots = await workspaceRoots([join(base, 'work')], base);
    const refused = async (request: Parameters<typeof workspaceMounts>[0][number]) => ((await workspaceMounts([request], roots).catch((e: unknown) => e)) as Error).message;
    expect(await refused({ source: join(base, 'work-sibling') })).toMatch(/is outside the workspace/);
    expect(await refused({ source: '..' })).toMatch(/is outside the workspace/);
    expect(await refused({ source: 'nope' })).toMatch(/nope: no such file or folder on the host/);
    expect(await refused({ source: 'src', target: 'relative' })).toMatch(/must be an absolute path/);
    expect(await refused({ source: 'src', target: '/a/../etc' })).toMatch(/must be an absolute path without "\.\."/);
    expect(await refused({ source: 'src', target: '/' })).toMatch(/would hide the whole image/);
    expect(await refused({ source: 'src', target: '/x:ro' })).toMatch(/holds a ":" or a ","/);
    const twice = await workspaceMounts([{ source: 'src', target: '/a' }, { source: 'out', target: '/a' }], roots).catch((e: unknown) => e);
    expect((twice as Error).message).toMatch(/volumes\[1\]: \/a is mounted twice/);
  });

  it('accepts several workspace folders and refuses a missing one', async () => {
    const base = layout();
    const roots = await workspaceRoots([join(base, 'work'), join(base, 'other')], base);
    expect(await workspaceMounts([{ source: join(base, 'other') }], roots)).toHaveLength(1);
    const error = await workspaceRoots([join(base, 'missing')], base).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/--workspace .*missing: no such folder/);
  });
});
