/**
 * The tool layer through a real MCP client over an in-memory transport: argument
 * validation and error mapping, host-only commands with a real ProcessManager, and a
 * fake sandbox where a container would be needed.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../../src/mcp/server.js';
import type { SandboxControl } from '../../../src/mcp/sandbox.js';
import { TargetResolver } from '../../../src/mcp/targets.js';
import { Workspace } from '../../../src/mcp/workspace.js';
import { ProcessManager, TerminalHost } from '../../../src/process/index.js';
import { FakeSandbox } from '../../unit/mcp/fake-sandbox.js';

const TOOLS = [
  'terminal_execute', 'terminal_background', 'terminal_status', 'terminal_logs', 'terminal_stop', 'terminal_list', 'terminal_create',
  'terminal_run', 'terminal_wait', 'terminal_input', 'terminal_destroy', 'terminal_history', 'terminal_resize', 'terminal_signal', 'terminal_detach', 'terminal_attach',
  'container_start', 'container_stop', 'container_list', 'container_terminal', 'file_read', 'file_write', 'file_list', 'file_copy',
];

let manager: ProcessManager;
let client: Client;
afterEach(async () => {
  await client?.close();
  await manager?.dispose();
});

async function connect(sandbox: SandboxControl | null, allowHost: boolean): Promise<Client> {
  manager = new ProcessManager({ graceMs: 500 });
  const server = createMcpServer({ manager: new TerminalHost({ manager }).connect(), targets: new TargetResolver(sandbox, allowHost), sandbox, closing: new AbortController().signal, workspace: new Workspace([process.cwd()]) }, '0.0.0-test');
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  client = new Client({ name: 'unit', version: '1' });
  await client.connect(clientSide);
  return client;
}

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult & { data: Record<string, unknown> | undefined }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = (result.content[0] as { text: string }).text;
  return { ...result, data: result.isError ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const textOf = (result: CallToolResult) => (result.content[0] as { text: string }).text;

describe('MCP tools', () => {
  it('lists the 24 tools, each with a description, a closed input schema and an output schema', async () => {
    await connect(null, true);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
    for (const tool of tools) {
      expect(tool.description!.length).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.inputSchema.additionalProperties).toBe(false);
      expect(tool.outputSchema?.type).toBe('object');
    }
    const execute = tools.find((t) => t.name === 'terminal_execute')!;
    expect(execute.inputSchema.required).toEqual(['command']);
  });

  it('turns invalid arguments into an error result, not a protocol failure', async () => {
    await connect(null, true);
    const missing = await call('terminal_execute', {});
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain('command');
    const badTimeout = await call('terminal_execute', { command: 'true', timeout: -1 });
    expect(badTimeout.isError).toBe(true);
    const badTarget = await call('terminal_execute', { command: 'true', target: 'moon' });
    expect(badTarget.isError).toBe(true);
  });

  it('rejects unknown arguments and timeouts that are not milliseconds, naming the unit', async () => {
    await connect(null, true);
    const unknown = await call('terminal_execute', { command: 'true', image: 'ubuntu' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/Unrecognized key.*image/);
    const seconds = await call('terminal_execute', { command: 'true', timeout: 5 });
    expect(seconds.isError).toBe(true);
    expect(textOf(seconds)).toContain('timeout is in milliseconds: at least 100');
    const fraction = await call('terminal_wait', { processId: 'x', pattern: 'y', timeout: 0.5 });
    expect(textOf(fraction)).toContain('timeout is in milliseconds');
  });

  it('maps library errors to readable results', async () => {
    await connect(null, true);
    const unknown = await call('terminal_status', { processId: 'nope' });
    expect(unknown).toMatchObject({ isError: true });
    expect(textOf(unknown)).toBe('NOT_FOUND: no process nope\nhint: List processes with terminal_list.');
    const noSandbox = await call('container_start', {});
    expect(textOf(noSandbox)).toMatch(/^USAGE: this server starts no sandboxes on demand/);
    const { data } = await call('terminal_background', { command: 'sleep 5', name: 'sleeper' });
    const badPattern = await call('terminal_wait', { processId: data!.processId, pattern: '(' });
    expect(badPattern.isError).toBe(true);
  });

  it('runs on the host in host-only mode, the timeout in milliseconds', async () => {
    await connect(null, true);
    const ok = await call('terminal_execute', { command: 'echo hi; exit 3' });
    expect(ok.data).toMatchObject({ success: false, output: 'hi', exitCode: 3, timedOut: false });
    expect(ok.structuredContent).toEqual(ok.data);
    const slow = await call('terminal_execute', { command: 'sleep 30', timeout: 300 });
    expect(slow.data).toMatchObject({ timedOut: true, success: false, exitCode: 143, signal: 'SIGTERM' });
  });

  it('background, input, wait, logs with a cursor, stop', async () => {
    await connect(null, true);
    const { data: bg } = await call('terminal_background', { command: 'echo ready; cat', name: 'echoer' });
    expect(bg).toMatchObject({ processId: 'echoer', status: 'running' });
    expect((await call('terminal_wait', { processId: 'echoer', pattern: '^ready$', timeout: 5000 })).data).toMatchObject({ found: true, status: 'running' });
    const first = await call('terminal_logs', { processId: 'echoer' });
    expect(first.data).toMatchObject({ logs: 'ready', lineCount: 1, cursor: 1 });
    expect((await call('terminal_input', { processId: 'echoer', input: 'one\n' })).data).toEqual({ processId: 'echoer', sent: true, bytes: 4 });
    expect((await call('terminal_wait', { processId: 'echoer', pattern: '^one$', since: 1, timeout: 5000 })).data).toMatchObject({ found: true });
    expect((await call('terminal_logs', { processId: 'echoer', since: 1 })).data).toMatchObject({ logs: 'one', cursor: 2 });
    const echoed = await call('terminal_input', { processId: 'echoer', input: 'two\n', waitFor: '^two$', timeout: 5000 });
    expect(echoed.data).toMatchObject({ sent: true, found: true, output: 'two' });
    expect((await call('terminal_stop', { processId: 'echoer', grace: 500 })).data).toMatchObject({ success: true, status: 'killed' });
    expect((await call('terminal_input', { processId: 'echoer', input: 'x' })).isError).toBe(true);
  });

  it('named terminals keep cd between runs, record history, and go with destroy', async () => {
    await connect(null, true);
    expect((await call('terminal_create', { name: 'main', cwd: '/' })).data).toMatchObject({ terminalId: 'main', name: 'main', target: { kind: 'host' } });
    expect((await call('terminal_create', { name: 'bad name' })).isError).toBe(true);
    await call('terminal_run', { terminalId: 'main', command: 'cd /tmp && export GREETING=hello' });
    expect((await call('terminal_run', { terminalId: 'main', command: 'pwd; echo $GREETING' })).data).toMatchObject({ output: '/tmp\nhello', cwd: '/tmp', status: 'exited' });
    const history = await call('terminal_history', { terminalId: 'main', last: 1 });
    expect(history.data).toMatchObject({ commands: ['pwd; echo $GREETING'], outputs: ['/tmp\nhello'] });
    await call('terminal_background', { command: 'sleep 30', terminalId: 'main' });
    expect((await call('terminal_destroy', { terminalId: 'main' })).data).toEqual({ terminalId: 'main', success: true, processesKilled: 1 });
    expect((await call('terminal_run', { terminalId: 'main', command: 'pwd' })).isError).toBe(true);
  });

  it('sends progress notifications with the latest output line when asked', async () => {
    await connect(null, true);
    const messages: string[] = [];
    const result = (await client.callTool(
      { name: 'terminal_execute', arguments: { command: 'echo first; sleep 1.5; echo second; sleep 2.5' } },
      undefined,
      { onprogress: (p) => messages.push(String(p.message)) },
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(messages).toContain('first');
    expect(messages).toContain('second');
  });

  it('refuses the host without --allow-host and says so in the schema', async () => {
    const sandbox = new FakeSandbox({ running: true });
    await connect(sandbox, false);
    const refused = await call('terminal_execute', { command: 'echo hi', target: 'host' });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('USAGE: target "host" is not allowed: this MCP server was started without --allow-host');
    const { tools } = await client.listTools();
    const target = (tools.find((t) => t.name === 'terminal_execute')!.inputSchema.properties as Record<string, { description: string }>).target!;
    expect(target.description).toContain('"host" is refused');
    expect(sandbox.calls).toEqual([]);
  });

  it('container_start and container_stop drive the sandbox; list shows it', async () => {
    const sandbox = new FakeSandbox();
    await connect(sandbox, false);
    expect((await call('container_start', {})).data).toMatchObject({ container: 'proj-box-1', status: 'started', startedHere: true });
    expect((await call('container_start', {})).data).toMatchObject({ status: 'already running' });
    expect((await call('terminal_list', {})).data).toMatchObject({ processes: [], terminals: [], defaultTarget: 'sandbox', sandbox: { service: 'box' } });
    expect((await call('container_stop', {})).data).toMatchObject({ status: 'removed', startedHere: false });
    expect(sandbox.calls).toEqual(['ensure', 'ensure', 'stop']);
  });
});
