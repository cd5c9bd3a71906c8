/**
 * Spawns the built `tempfs mcp` through the SDK's own stdio client, as an agent host does,
 * and gives tests a small `call` that parses the JSON result.
 */
import { Client, type ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI_ENTRY } from '../../helpers/cli.js';

export interface McpSession {
  client: Client;
  /** The server's pid. */
  pid: number;
  /** Everything the server wrote to stderr so far. */
  stderr: () => string;
  call: (name: string, args?: Record<string, unknown>) => Promise<ToolCall>;
}

export interface ToolCall {
  isError: boolean;
  text: string;
  data: Record<string, any>;
}

/** `clientOptions` declares capabilities (elicitation); `prepare` sets their handlers before the client connects. */
export async function startMcp(
  argv: string[],
  env: Record<string, string>,
  cwd: string,
  clientOptions?: ClientOptions,
  prepare?: (client: Client) => void,
): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_ENTRY, 'mcp', ...argv],
    env: { ...(process.env as Record<string, string>), ...env },
    cwd,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'tempfs-integration', version: '1.0.0' }, clientOptions);
  prepare?.(client);
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown> = {}): Promise<ToolCall> => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const text = (result.content[0] as { text: string }).text;
    return { isError: Boolean(result.isError), text, data: result.isError ? {} : (JSON.parse(text) as Record<string, any>) };
  };
  return { client, pid: transport.pid!, stderr: () => stderr, call };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
