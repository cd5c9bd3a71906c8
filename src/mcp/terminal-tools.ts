/** Terminals: terminal_create, terminal_run, terminal_resize, terminal_history, terminal_destroy, terminal_detach, terminal_attach. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { DETACH_TTL } from '../process/index.js';
import * as f from './fields.js';
import * as out from './outputs.js';
import { addTool, type ToolDeps } from './tool-kit.js';
import { terminalView } from './views.js';

export function registerTerminalTools(server: McpServer, deps: ToolDeps): void {
  const { manager, targets } = deps;

  addTool(server, deps, 'terminal_create', {
    title: 'Create a named terminal',
    description:
      'Open a terminal: one live shell (bash when the target has it, else sh) on a pseudo-terminal, kept until terminal_destroy ' +
      'or until this client disconnects (unless detached with terminal_detach). ' +
      'Commands sent with terminal_run run in that same shell, so everything persists between them: cd, variables, functions, aliases, ' +
      'set -o options, an activated virtualenv. Programs see a real TTY (colours, prompts, `tty`, `stty size`). ' +
      'The terminal runs where `target` says, for its whole life.',
    input: {
      name: z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only').describe('The terminal id to use later, e.g. "main".'),
      cwd: f.cwd,
      env: f.env,
      cols: f.cols.optional().describe('Columns (default 120).'),
      rows: f.rows.optional().describe('Rows (default 30).'),
      target: f.target(targets.allowHost, deps.sandbox !== null),
    },
    output: out.create,
  }, async (args) => {
    const where = await targets.resolve(args.target);
    const info = await manager.create({ name: args.name, cwd: args.cwd, env: args.env, cols: args.cols, rows: args.rows, target: where.target });
    return { ...terminalView(info), ...(where.notice ? { notice: where.notice } : {}) };
  });

  addTool(server, deps, 'terminal_run', {
    title: 'Run a command in a named terminal',
    description:
      'Type a command into a terminal made by terminal_create and wait up to `timeout` milliseconds for it to end: its output (the screen view), ' +
      'exit code, and the terminal\'s directory afterwards (cwd). A command still running then is left running (status "running", timedOut: true): ' +
      'follow it with terminal_wait / terminal_logs / terminal_input on its processId, stop it with terminal_signal or terminal_stop. ' +
      'One command at a time: while one runs, another terminal_run is refused as busy.',
    input: { terminalId: f.terminalId, command: f.command, timeout: f.timeout('the call returns (the command keeps running)', 30_000, 3_600_000) },
    output: out.run,
  }, async (args, signal, progress) => ({
    ...(await manager.run({ terminalId: args.terminalId, command: args.command, timeout: args.timeout, signal, onLine: progress })),
  }));

  addTool(server, deps, 'terminal_resize', {
    title: 'Resize a terminal',
    description: 'Change a terminal\'s size; what runs in it gets SIGWINCH and `stty size` reports the new size.',
    input: {
      terminalId: f.terminalId,
      cols: f.cols.describe('Columns.'),
      rows: f.rows.describe('Rows.'),
    },
    output: out.terminalInfo,
  }, async (args) => terminalView(await manager.resize(args.terminalId, args.cols, args.rows)));

  addTool(server, deps, 'terminal_history', {
    title: 'History of a named terminal',
    description:
      'The commands run in a terminal, oldest first: `commands` and `outputs` side by side, and `entries` with each one\'s exit code, ' +
      'directory afterwards, times, and origin ("agent", or "attached" for what a person typed while attached).',
    input: {
      terminalId: f.terminalId,
      last: z.number().int().min(1).max(1000).optional().describe('Only the last N commands (default: all).'),
    },
    output: out.history,
    annotations: { readOnlyHint: true },
  }, async (args) => {
    const all = await manager.history(args.terminalId);
    const entries = args.last === undefined ? all : all.slice(-args.last);
    return { terminalId: args.terminalId, commands: entries.map((e) => e.command), outputs: entries.map((e) => e.output), entries };
  });

  addTool(server, deps, 'terminal_detach', {
    title: 'Keep a terminal after this client goes',
    description:
      'Detach a terminal: it keeps running (with its background processes) when this client disconnects or its server restarts, ' +
      `for \`ttl\` milliseconds (default ${DETACH_TTL.defaultMs}, 30 min); then it is destroyed unless a client took it back. ` +
      'Any client of this project sees it in terminal_list (with the time left) and takes it back with terminal_attach, which returns the output it missed. ' +
      'Until then nobody can run commands in it. Detaching again restarts the TTL.',
    input: {
      terminalId: f.terminalId,
      ttl: z
        .number()
        .int('ttl is in milliseconds: a whole number')
        .min(DETACH_TTL.minMs, `ttl is in milliseconds: at least ${DETACH_TTL.minMs}`)
        .max(DETACH_TTL.maxMs, `ttl is in milliseconds: at most ${DETACH_TTL.maxMs} (24 h)`)
        .optional()
        .describe(`Milliseconds it is kept without a client (default ${DETACH_TTL.defaultMs}, at most ${DETACH_TTL.maxMs}).`),
    },
    output: out.detach,
  }, async (args) => ({ ...(await manager.detach(args.terminalId, args.ttl)) }));

  addTool(server, deps, 'terminal_attach', {
    title: 'Take a detached terminal back',
    description:
      'Take back a terminal detached with terminal_detach (by this client, or by an earlier server of this project): it is this client\'s again ' +
      '(its TTL no longer runs; it ends when this client disconnects unless detached again). Returns the output it printed while detached (`missed`, ' +
      'the screen view) and a `cursor` to pass to terminal_logs as `since`. The shell kept its state: variables, cwd, functions.',
    input: { terminalId: f.terminalId },
    output: out.reattach,
  }, async (args) => {
    const { terminal, ...rest } = await manager.reattach(args.terminalId);
    return { ...terminalView(terminal), ...rest };
  });

  addTool(server, deps, 'terminal_destroy', {
    title: 'Destroy a named terminal',
    description: 'End a terminal\'s shell and everything running in it, and stop the background processes started with its terminalId.',
    input: { terminalId: f.terminalId },
    output: out.destroy,
    annotations: { destructiveHint: true },
  }, async (args) => ({ terminalId: args.terminalId, success: true, processesKilled: await manager.destroy(args.terminalId) }));
}
