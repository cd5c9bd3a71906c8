/** container_start and container_stop: the recipe's sandbox container, up and down. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TempfsError } from '../errors.js';
import * as out from './outputs.js';
import type { SandboxControl } from './sandbox.js';
import { addTool, type ToolDeps } from './tool-kit.js';

export function registerContainerTools(server: McpServer, deps: ToolDeps): void {
  addTool(server, deps, 'container_start', {
    title: 'Start the sandbox container',
    description:
      'Bring the sandbox container up (with the containers it depends on) and wait until it is ready. ' +
      'Not needed before other tools: the first command starts it anyway. Already running: nothing changes. ' +
      'A sandbox this server started is removed when the server exits.',
    input: {},
    output: out.sandbox,
    annotations: { idempotentHint: true },
  }, async () => {
    const sandbox = need(deps.sandbox);
    const { container, started } = await sandbox.ensure();
    return { ...sandbox.state(), container, status: started ? 'started' : 'already running' };
  });

  addTool(server, deps, 'container_stop', {
    title: 'Stop the sandbox container',
    description:
      'Stop and remove the sandbox container and the rest of its project (everything written inside it is lost: its writable paths are temporary). ' +
      'Processes running in it end. The next command that needs the sandbox starts a fresh one.',
    input: {},
    output: out.sandbox,
    annotations: { destructiveHint: true, idempotentHint: true },
  }, async () => {
    const sandbox = need(deps.sandbox);
    await sandbox.stop();
    return { ...sandbox.state(), status: 'removed' };
  });
}

function need(sandbox: SandboxControl | null): SandboxControl {
  if (sandbox) return sandbox;
  throw new TempfsError('USAGE', 'there is no sandbox container: the server was started without a recipe', {
    hint: 'restart the server with `tempfs mcp -f <recipe>`',
  });
}
