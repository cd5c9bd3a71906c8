/**
 * The file tools end to end through the official MCP client: write then read back (text
 * and every byte value as base64) in the sandbox and in the host workspace, reads in
 * chunks, folder listings, copies both ways, and paths outside the workspace refused.
 */
import { readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mcpServerPerFile } from './mcp-client.js';

const { mcp, scratch, workspace } = mcpServerPerFile('mcpfiles');
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

describe.each(['sandbox', 'host'] as const)('file tools on the %s', (target) => {
  const dir = () => (target === 'sandbox' ? '/tmp/files' : join(workspace, 'files'));

  it('writes text and reads it back', async () => {
    const path = `${dir()}/hello.txt`;
    const w = await mcp.call('file_write', { path, content: 'héllo\nwörld\n', target });
    expect(w.data).toMatchObject({ success: true, bytes: 14 });
    const r = await mcp.call('file_read', { path, target });
    expect(r.data).toMatchObject({ content: 'héllo\nwörld\n', encoding: 'utf8', size: 14, offset: 0, length: 14, eof: true });
  });

  it('round-trips every byte value as base64, with a mode', async () => {
    const path = `${dir()}/bytes.bin`;
    const w = await mcp.call('file_write', { path, content: ALL_BYTES.toString('base64'), encoding: 'base64', mode: '0750', target });
    expect(w.data).toMatchObject({ success: true, bytes: 256 });
    const r = await mcp.call('file_read', { path, encoding: 'base64', target });
    expect(Buffer.from(r.data.content, 'base64').equals(ALL_BYTES)).toBe(true);
    const text = await mcp.call('file_read', { path, target });
    expect(text.data.notice).toMatch(/not valid UTF-8.*base64/);
    const list = await mcp.call('file_list', { path: dir(), target });
    expect(list.data.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'bytes.bin', kind: 'file', size: 256, mode: '0750' }),
        expect.objectContaining({ name: 'hello.txt', kind: 'file', size: 14 }),
      ]),
    );
  });

  it('reads in chunks, never splitting a character, and says how to read on', async () => {
    const path = `${dir()}/chunks.txt`;
    await mcp.call('file_write', { path, content: '€'.repeat(100), target });
    const first = await mcp.call('file_read', { path, length: 100, target });
    expect(first.data).toMatchObject({ size: 300, offset: 0, length: 99, eof: false });
    expect(first.data.content).toBe('€'.repeat(33));
    expect(first.data.hint).toContain('offset 99');
    const rest = await mcp.call('file_read', { path, offset: 99, length: 131072, target });
    expect(rest.data).toMatchObject({ content: '€'.repeat(67), eof: true });
  });

  it('says clearly when a file is missing', async () => {
    const r = await mcp.call('file_read', { path: `${dir()}/missing.txt`, target });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/NOT_FOUND: .*missing\.txt.*no such file/);
  });
});

describe('the workspace', () => {
  it('refuses host paths outside it, also through a symlink', async () => {
    const read = await mcp.call('file_read', { path: '/etc/hostname', target: 'host' });
    expect(read.isError).toBe(true);
    expect(read.text).toContain('outside the workspace');
    const write = await mcp.call('file_write', { path: '../outside.txt', content: 'x', target: 'host' });
    expect(write.isError).toBe(true);
    await expect(stat(join(scratch, 'outside.txt'))).rejects.toThrow();
    await symlink('/etc', join(workspace, 'etc-link'));
    const through = await mcp.call('file_list', { path: 'etc-link', target: 'host' });
    expect(through.text).toContain('outside the workspace');
  });

  it('a read-only path of the sandbox is a clear error', async () => {
    const r = await mcp.call('file_write', { path: '/usr/local/x.txt', content: 'x' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/cannot write \/usr\/local\/x\.txt in .*: .*(Read-only|read-only)/);
  });

  it('copies into the sandbox and back out', async () => {
    await writeFile(join(workspace, 'in.bin'), ALL_BYTES);
    const to = await mcp.call('file_copy', { from: join(workspace, 'in.bin'), to: '/tmp/in.bin', direction: 'to_sandbox' });
    expect(to.data).toMatchObject({ success: true });
    const r = await mcp.call('file_read', { path: '/tmp/in.bin', encoding: 'base64' });
    expect(Buffer.from(r.data.content, 'base64').equals(ALL_BYTES)).toBe(true);
    await mcp.call('terminal_execute', { command: 'mkdir -p /tmp/out && echo made in the sandbox > /tmp/out/note.txt' });
    const back = await mcp.call('file_copy', { from: '/tmp/out', to: join(workspace, 'out'), direction: 'to_host' });
    expect(back.data).toMatchObject({ success: true });
    expect(await readFile(join(workspace, 'out', 'note.txt'), 'utf8')).toBe('made in the sandbox\n');
    // Into a folder that exists, as `cp` does: both ways.
    expect((await mcp.call('file_copy', { from: join(workspace, 'in.bin'), to: '/tmp/out', direction: 'to_sandbox' })).data).toMatchObject({ success: true });
    const listed = await mcp.call('file_list', { path: '/tmp/out' });
    expect(JSON.stringify(listed.data)).toContain('in.bin');
    expect((await mcp.call('file_copy', { from: '/tmp/out/note.txt', to: workspace, direction: 'to_host' })).data).toMatchObject({ success: true });
    expect(await readFile(join(workspace, 'note.txt'), 'utf8')).toBe('made in the sandbox\n');
    const outside = await mcp.call('file_copy', { from: '/tmp/out', to: join(scratch, 'escaped'), direction: 'to_host' });
    expect(outside.isError).toBe(true);
    expect(outside.text).toContain('outside the workspace');
  });
});
