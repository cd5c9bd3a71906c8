/** The MCP server with every tempfs tool registered; transport-agnostic (stdio in the CLI, in-memory in tests). */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerContainerTools } from './container-tools.js';
import { registerFileTools } from './file-tools.js';
import { registerIoTools } from './io-tools.js';
import { registerProcessTools } from './process-tools.js';
import { registerTerminalTools } from './terminal-tools.js';
import type { ToolDeps } from './tool-kit.js';

export function createMcpServer(deps: ToolDeps, version: string): McpServer {
  const server = new McpServer(
    { name: 'tempfs', version },
    {
      capabilities: { tools: {} },
      instructions:
        'Run commands in a temporary sandbox container (by default) or, if allowed, on the host. ' +
        'terminal_execute for short commands; terminal_background + terminal_wait/terminal_logs/terminal_stop for servers; ' +
        'terminal_create + terminal_run for a live shell on a TTY where everything persists (terminal_input with keys and waitFor for interactive programs). ' +
        'container_start makes a new sandbox from a local image (volumes from the workspace, network, ports, ttl) and returns a containerId that every tool takes as target; ' +
        'file_read/file_write/file_list/file_copy move files. Long output is cut to its head and tail: terminal_logs pages through all of it. ' +
        'Every timeout is in milliseconds. Everything started here is stopped when the client disconnects, ' +
        'except terminals kept with terminal_detach (taken back with terminal_attach, by this or a later server of the project).',
    },
  );
  registerProcessTools(server, deps);
  registerIoTools(server, deps);
  registerTerminalTools(server, deps);
  registerContainerTools(server, deps);
  registerFileTools(server, deps);
  return server;
}
