import { describe, expect, it } from 'vitest';
import { capOutputs, capText } from '../../../src/mcp/reply-cap.js';

const bytes = (s: string) => Buffer.byteLength(s);
/** The bytes of the markers in these cut texts. */
const markers = (texts: string[]) => texts.reduce((n, t) => n + bytes(/\n\[\.\.\. \d+ bytes left out[^\]]*\]\n/.exec(t)?.[0] ?? ''), 0);

describe('capText', () => {
  it('leaves text that fits alone', () => {
    expect(capText('short', 100)).toEqual({ text: 'short', omittedBytes: 0 });
  });

  it('keeps the head and the tail within the cap, the marker included', () => {
    const text = `error: first\n${'x'.repeat(3_000_000)}\nlast line`;
    const cut = capText(text, 16 * 1024, 'read more');
    expect(bytes(cut.text)).toBeLessThanOrEqual(16 * 1024);
    expect(cut.text.startsWith('error: first\n')).toBe(true);
    expect(cut.text.endsWith('\nlast line')).toBe(true);
    expect(cut.text).toMatch(/\[\.\.\. (\d+) bytes left out: read more \.\.\.\]/);
    const omitted = Number(/\[\.\.\. (\d+) bytes/.exec(cut.text)![1]);
    expect(omitted).toBe(cut.omittedBytes);
    // What is shown plus what was left out is the whole text.
    expect(bytes(cut.text) - bytes(`\n[... ${omitted} bytes left out: read more ...]\n`) + omitted).toBe(bytes(text));
  });

  it('prefers line boundaries near the cut', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'y'.repeat(5000)}`).join('\n');
    const cut = capText(lines, 16 * 1024);
    expect(cut.text.startsWith('line 0 ')).toBe(true);
    expect(cut.text).toContain('line 999 ');
    expect(bytes(cut.text)).toBeLessThanOrEqual(16 * 1024);
  });

  it('never splits a multibyte character', () => {
    for (const char of ['é', '€', '😀']) {
      for (const cap of [256, 257, 258, 259, 300]) {
        const cut = capText(char.repeat(1000), cap);
        expect(cut.text).not.toContain('\uFFFD');
        expect(bytes(cut.text)).toBeLessThanOrEqual(cap);
        expect(Buffer.from(cut.text).toString()).toBe(cut.text);
      }
    }
  });
});

describe('capOutputs', () => {
  it('caps output, says how to read everything, and drops the streams unless asked', () => {
    const data = { processId: 'x3', output: 'a'.repeat(50_000), stdout: 'o', stderr: 'e', exitCode: 0 };
    const capped = capOutputs(data, { maxBytes: 1024, streams: false });
    expect(bytes(capped.output as string)).toBeLessThanOrEqual(1024);
    expect(capped).toMatchObject({ truncated: true, exitCode: 0, processId: 'x3' });
    expect(capped.omittedBytes).toBeGreaterThan(48_000);
    expect(capped.hint).toContain('terminal_logs {"processId": "x3", "since": 0}');
    expect(capped).not.toHaveProperty('stdout');
  });

  it('keeps stdout and stderr apart when asked, all within the cap', () => {
    const data = { output: 'a'.repeat(10_000), stdout: 'o'.repeat(10_000), stderr: 'e' };
    const capped = capOutputs(data, { maxBytes: 4096, streams: true });
    const total = ['output', 'stdout', 'stderr'].reduce((n, k) => n + bytes(capped[k] as string), 0);
    expect(total).toBeLessThanOrEqual(4096);
    expect(capped.stderr).toBe('e');
  });

  it('caps a terminal history in all: short outputs whole, long ones head and tail with their processId', () => {
    const outputs = ['ok', `error: first\n${'x'.repeat(100_000)}\nlast`, 'y'.repeat(30_000)];
    const entries = outputs.map((output, i) => ({ processId: `t${i + 1}`, command: `c${i}`, output, exitCode: 0 }));
    const capped = capOutputs({ terminalId: 'main', commands: ['c0', 'c1', 'c2'], outputs, entries }, { maxBytes: 16_384, streams: false });
    const cut = capped.outputs as string[];
    const shown = (capped.entries as { output: string }[]).map((e) => e.output);
    expect(shown).toEqual(cut);
    expect(cut.reduce((n, o) => n + bytes(o), 0) * 2).toBeLessThanOrEqual(16_384);
    expect(cut[0]).toBe('ok');
    expect(cut[1]!.startsWith('error: first\n')).toBe(true);
    expect(cut[1]!.endsWith('\nlast')).toBe(true);
    expect(cut[1]).toContain('terminal_logs {"processId": "t2", "since": 0}');
    expect(capped).toMatchObject({ truncated: true, terminalId: 'main' });
    expect(capped.omittedBytes).toBe(130_000 + 'error: first\n\nlast'.length - (bytes(cut[1]!) + bytes(cut[2]!)) + markers(cut));
    const small = { terminalId: 'main', commands: ['c'], outputs: ['hi'], entries: [{ processId: 't1', output: 'hi' }] };
    expect(capOutputs(small, { maxBytes: 16_384, streams: false })).toBe(small);
  });

  it('leaves a small result as it was', () => {
    expect(capOutputs({ output: 'hi', success: true }, { maxBytes: 16_384, streams: false })).toEqual({ output: 'hi', success: true });
  });
});
