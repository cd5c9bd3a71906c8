/** Named terminals: terminal_create, terminal_run, terminal_history, terminal_destroy. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as f from './fields.js';
import { addTool, ms, type ToolDeps } from './tool-kit.js';

export function registerTerminalTools(server: McpServer, deps: ToolDeps): void {
  const { manager, targets } = deps;

  addTool(server, deps, 'terminal_create', {
    title: 'Create a named terminal',
    description:
      'Create a named terminal: a working directory and environment that persist between commands, like a shell session. ' +
      '`cd` and `export` in terminal_run carry over to the next terminal_run of the same terminal. ' +
      'The terminal runs where `target` says, for its whole life.',
    input: {
      name: z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only').describe('The terminal id to use later, e.g. "main".'),
      cwd: f.cwd,
      env: f.env,
      target: f.target(targets.allowHost, deps.sandbox !== null),
    },
  }, async (args) => {
    const where = await targets.resolve(args.target);
    const info = manager.create({ name: args.name, cwd: args.cwd, env: args.env, target: where.target });
    return { ...info, ...(where.notice ? { notice: where.notice } : {}) };
  });

  addTool(server, deps, 'terminal_run', {
    title: 'Run a command in a named terminal',
    description:
      'Run a command in a terminal made by terminal_create and wait for it: output, exit code, and the terminal\'s directory afterwards (cwd). ' +
      '`cd` and `export` persist for the next command. Killed with its children after `timeout` seconds.',
    input: { terminalId: f.terminalId, command: f.command, timeout: f.timeout('the command is killed', 30, 3600) },
  }, async (args, signal) => ({ ...(await manager.run({ terminalId: args.terminalId, command: args.command, timeout: ms(args.timeout), signal })) }));

  addTool(server, deps, 'terminal_history', {
    title: 'History of a named terminal',
    description: 'The commands run in a terminal, oldest first, each with its output, exit code, directory afterwards and duration.',
    input: {
      terminalId: f.terminalId,
      last: z.number().int().min(1).max(1000).optional().describe('Only the last N commands (default: all).'),
    },
    annotations: { readOnlyHint: true },
  }, (args) => {
    const history = manager.history(args.terminalId);
    return { terminalId: args.terminalId, commands: args.last === undefined ? history : history.slice(-args.last) };
  });

  addTool(server, deps, 'terminal_destroy', {
    title: 'Destroy a named terminal',
    description: 'Remove a terminal and stop every process it started (its terminal_run commands and its background processes).',
    input: { terminalId: f.terminalId },
    annotations: { destructiveHint: true },
  }, async (args) => ({ terminalId: args.terminalId, destroyed: true, stoppedProcesses: await manager.destroy(args.terminalId) }));
}
