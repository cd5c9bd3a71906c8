/**
 * Output that fits an agent, through the official MCP client: a 3 MB line and 1000 lines
 * of 5 KB come back under the 16 KiB cap with the head (the first error) and the tail, and
 * the whole output pages through terminal_logs; the cap is settable per call (maxBytes)
 * and per server (--max-output), and stdout/stderr come apart when asked.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mcpServerPerFile, startMcp } from './mcp-client.js';

const { mcp, scratch } = mcpServerPerFile('mcpcaps');
const CAP = 16 * 1024;

const bytes = (s: string) => Buffer.byteLength(s);
/** 1000 lines of 5 KB, the first an error a compiler would print, each numbered. */
const THOUSAND_LINES = `echo 'error: the first error'; awk 'BEGIN { s = sprintf("%5000s", ""); gsub(/ /, "x", s); for (i = 1; i <= 1000; i++) print "line " i " " s }'; echo 'error: the last error' >&2`;

/** Every line of a process's output, read page by page with the cursor. */
async function pageThrough(processId: string): Promise<string[]> {
  const lines: string[] = [];
  let since = 0;
  for (let page = 0; page < 100; page++) {
    const r = await mcp.call('terminal_logs', { processId, since, lines: 40 });
    expect(r.isError).toBe(false);
    if (r.data.lineCount === 0) break;
    lines.push(...(r.data.logs as string).split('\n'));
    since = r.data.cursor;
  }
  return lines;
}

describe.each(['sandbox', 'host'] as const)('output caps on the %s', (target) => {
  it('one 3 MB line: under the cap, head and tail kept', async () => {
    const r = await mcp.call('terminal_execute', { command: "echo 'error: first'; head -c 3000000 /dev/zero | tr '\\0' a; echo; echo 'the end'", target, timeout: 60_000 });
    expect(bytes(r.data.output)).toBeLessThanOrEqual(CAP);
    expect(bytes(r.text)).toBeLessThan(2 * CAP);
    expect(r.data.output.startsWith('error: first\naaa')).toBe(true);
    expect(r.data.output.endsWith('aaa\nthe end')).toBe(true);
    expect(r.data).toMatchObject({ success: true, truncated: true });
    expect(r.data.omittedBytes).toBeGreaterThan(2_980_000);
    expect(r.data.output).toMatch(/\[\.\.\. \d+ bytes left out: terminal_logs \{"processId": "x\d+", "since": 0\} pages through all of it \.\.\.\]/);
  });

  it('1000 lines of 5 KB: under the cap, the first error and the last kept, every line pages through terminal_logs', async () => {
    const r = await mcp.call('terminal_execute', { command: THOUSAND_LINES, target, timeout: 60_000 });
    expect(bytes(r.data.output)).toBeLessThanOrEqual(CAP);
    expect(r.data.output.startsWith('error: the first error\nline 1 x')).toBe(true);
    expect(r.data.output.endsWith('error: the last error')).toBe(true);
    expect(r.data.hint).toContain(`terminal_logs {"processId": "${r.data.processId}", "since": 0}`);
    const all = await pageThrough(r.data.processId);
    expect(all).toHaveLength(1002);
    expect(all[0]).toBe('error: the first error');
    expect(all.slice(1, 1001).map((l) => Number(l.split(' ')[1]))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(all.slice(1, 1001).every((l) => bytes(l) === `line ${l.split(' ')[1]} `.length + 5000)).toBe(true);
    expect(all[1001]).toBe('error: the last error');
  });

  it('maxBytes per call, and stdout and stderr apart when asked', async () => {
    const r = await mcp.call('terminal_execute', { command: THOUSAND_LINES, target, maxBytes: 2048, streams: true, timeout: 60_000 });
    expect(bytes(r.data.output) + bytes(r.data.stdout) + bytes(r.data.stderr)).toBeLessThanOrEqual(2048);
    expect(r.data.stdout.startsWith('error: the first error')).toBe(true);
    expect(r.data.stdout).not.toContain('the last error');
    expect(r.data.stderr).toBe('error: the last error');
    const plain = await mcp.call('terminal_execute', { command: 'echo out; echo err >&2', target });
    expect(plain.data).not.toHaveProperty('stdout');
    // Two pipes: their relative order is not guaranteed.
    expect(plain.data.output.split('\n').sort()).toEqual(['err', 'out']);
  });
});

describe('the cap of a server', () => {
  it('--max-output sets the default; out-of-range maxBytes is an error', async () => {
    const small = await startMcp(['--allow-host', '--max-output', '1024'], { TEMPFS_STATE_DIR: join(scratch, 'state2') }, scratch);
    try {
      const r = await small.call('terminal_execute', { command: 'seq 1 10000' });
      expect(bytes(r.data.output)).toBeLessThanOrEqual(1024);
      expect(r.data.output.startsWith('1\n2\n3\n')).toBe(true);
      expect(r.data.output.endsWith('9999\n10000')).toBe(true);
      const bad = await small.call('terminal_execute', { command: 'true', maxBytes: 10 });
      expect(bad.isError).toBe(true);
      expect(bad.text).toMatch(/maxBytes/);
    } finally {
      await small.client.close();
    }
  });
});
