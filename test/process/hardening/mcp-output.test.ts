// Issue 16 item 4: no MCP reply over the protocol's practical limits, output carried once,
// and the process ring bounded in bytes as well as lines. Every message the server sends
// is measured on the wire (as the JSON the stdio transport would write).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../../src/mcp/server.js';
import { TargetResolver } from '../../../src/mcp/targets.js';
import { Workspace } from '../../../src/mcp/workspace.js';
import { capReply, MAX_REPLY_BYTES } from '../../../src/mcp/reply-cap.js';
import { ProcessManager, TerminalHost } from '../../../src/process/index.js';
import { DEFAULT_RING_BYTES, RingBuffer } from '../../../src/process/ring-buffer.js';

let manager: ProcessManager;
let client: Client;
const sent: number[] = [];

afterEach(async () => {
  await client?.close();
  await manager?.dispose();
  sent.length = 0;
});

async function connect(): Promise<void> {
  manager = new ProcessManager({ graceMs: 500 });
  const server = createMcpServer({ manager: new TerminalHost({ manager }).connect(), targets: new TargetResolver(null, true), sandbox: null, closing: new AbortController().signal, workspace: new Workspace([process.cwd()]) }, '0.0.0-test');
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const send = serverSide.send.bind(serverSide);
  serverSide.send = (message: JSONRPCMessage, options?: Parameters<typeof send>[1]) => {
    sent.push(Buffer.byteLength(JSON.stringify(message)) + 1);
    return send(message, options);
  };
  await server.connect(serverSide);
  client = new Client({ name: 'hardening', version: '1' });
  await client.connect(clientSide);
}

async function call(name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = (result.content[0] as { text: string }).text;
  return { result, text, data: result.isError ? undefined : (JSON.parse(text) as Record<string, any>) };
}

/** Two copies of the reply budget (structured content and its JSON text) plus the JSON-RPC envelope and the text's own escaping. */
const WIRE_LIMIT = 2 * MAX_REPLY_BYTES * 1.2;

describe('MCP replies stay small', () => {
  it('6 MB on one line: head and tail kept, the gap counted, the structured copy the same', async () => {
    await connect();
    const { result, data } = await call('terminal_execute', { command: "head -c 6000000 /dev/zero | tr '\\0' a; echo; echo END", timeout: 60_000 });
    expect(result.structuredContent).toEqual(data);
    expect(result.content).toHaveLength(1);
    expect(Math.max(...sent)).toBeLessThan(WIRE_LIMIT);
    expect(data!.output).toMatch(/^[a\n]+\n\[\.\.\. \d+ bytes left out: terminal_logs [^\]]* \.\.\.\]\n[a\n]+\nEND$/);
    expect(Buffer.byteLength(data!.output)).toBeLessThanOrEqual(16 * 1024);
    expect(data!.omittedBytes).toBeGreaterThan(0);
  });

  it('1000 lines of 6 KB', async () => {
    await connect();
    const { data } = await call('terminal_execute', { command: 'awk \'BEGIN { s = sprintf("%6000s", ""); gsub(/ /, "x", s); for (i = 1; i <= 1000; i++) print s, i }\'', timeout: 60_000 });
    expect(Math.max(...sent)).toBeLessThan(WIRE_LIMIT);
    expect(data!.output).toMatch(/ 1000$/);
    expect(data!.output).toContain('bytes left out');
  });

  it('terminal_logs after a 30 MB line', async () => {
    await connect();
    const { data: bg } = await call('terminal_background', { command: "head -c 30000000 /dev/zero | tr '\\0' b; echo; echo done; sleep 30", name: 'big' });
    expect((await call('terminal_wait', { processId: bg!.processId, pattern: '^done$', timeout: 60_000 })).data).toMatchObject({ found: true });
    const { data } = await call('terminal_logs', { processId: 'big', lines: 1000 });
    expect(Math.max(...sent)).toBeLessThan(WIRE_LIMIT);
    expect(data!.logs).toMatch(/done$/);
  });
});

describe('the ring is bounded in bytes', () => {
  it('1000 lines of 70 KB hold about 1 MiB, and the newest line always stays', () => {
    const ring = new RingBuffer(1000);
    const line = 'z'.repeat(70_000);
    for (let i = 0; i < 1000; i++) ring.push('stdout', `${i} ${line}`);
    expect(ring.heldBytes).toBeLessThanOrEqual(DEFAULT_RING_BYTES);
    expect(ring.size).toBe(Math.floor(DEFAULT_RING_BYTES / 70_004));
    expect(ring.all().at(-1)!.text.startsWith('999 ')).toBe(true);
    expect(ring.firstSeq).toBe(1001 - ring.size);
    expect(ring.range(ring.firstSeq, ring.firstSeq + 1).map((e) => e.seq)).toEqual([ring.firstSeq, ring.firstSeq + 1]);
    const huge = new RingBuffer(10, 100);
    huge.push('stdout', 'y'.repeat(500));
    expect(huge.size).toBe(1);
  });

  it('a reply that cannot fit is an error that says what to do', () => {
    const many = { items: Array.from({ length: 200_000 }, (_, i) => ({ i })) };
    expect(() => capReply(many)).toThrow(/over the 262144-byte limit of one reply/);
  });
});
