/**
 * Spawns the built `tempfs mcp` through the SDK's own stdio client, as an agent host does,
 * and gives tests a small `call` that parses the JSON result; `mcpServerPerFile` is the
 * setup the MCP test files share.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, type ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll } from 'vitest';
import { CLI_ENTRY } from '../../helpers/cli.js';
import { assertNothingLeft, removeProject, requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';
import { tempDir } from '../../helpers/temp-dir.js';

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

export const UBUNTU_RECIPE = fileURLToPath(new URL('../../../recipes/ubuntu.yaml', import.meta.url));

export interface McpServerFile {
  /** A project name of its own (`<name>-<random>`). */
  project: string;
  /** This file's temp folder (removed after the file): the state dir is `state/` in it. */
  scratch: string;
  /** The server's working folder and workspace: `ws/` in scratch. */
  workspace: string;
  /** What the server gets on top of this process's environment: the Debian test image, the state dir. */
  env: Record<string, string>;
  /** The server (started by beforeAll): the same object before and after, so it can be taken at load time. */
  mcp: McpSession;
}

/**
 * The setup of an MCP test file: `tempfs mcp -f recipes/ubuntu.yaml -p <project> --allow-host`
 * on the Debian test image, in a workspace of its own. After the file the client closes,
 * `check` runs, nothing labelled with the project may be left, and the project is removed
 * whatever the checks said. `clientOptions` and `prepare` are startMcp's.
 */
export function mcpServerPerFile(
  name: string,
  options: { clientOptions?: ClientOptions; prepare?: (client: Client) => void; check?: () => Promise<void> } = {},
): McpServerFile {
  const project = uniqueProject(name);
  const scratch = tempDir(`tempfs-${name}-it-`);
  const workspace = join(scratch, 'ws');
  mkdirSync(workspace);
  const env = { SANDBOX_IMAGE: TEST_IMAGES.debian, TEMPFS_STATE_DIR: join(scratch, 'state') };
  let session: McpSession | undefined;
  const started = (): McpSession => {
    if (!session) throw new Error(`the MCP server of ${project} is not running (it starts in beforeAll)`);
    return session;
  };
  beforeAll(async () => {
    await requireImages([TEST_IMAGES.debian]);
    session = await startMcp(['-f', UBUNTU_RECIPE, '-p', project, '--allow-host'], env, workspace, options.clientOptions, options.prepare);
  });
  afterAll(async () => {
    await session?.client.close();
    try {
      await assertNothingLeft(project);
      await options.check?.();
    } finally {
      await removeProject(project);
    }
  });
  const mcp: McpSession = {
    get client() {
      return started().client;
    },
    get pid() {
      return started().pid;
    },
    stderr: () => started().stderr(),
    call: (tool, args) => started().call(tool, args),
  };
  return { project, scratch, workspace, env, mcp };
}
