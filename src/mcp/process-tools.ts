/** terminal_execute, terminal_background, terminal_status, terminal_logs, terminal_stop, terminal_list. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as f from './fields.js';
import * as out from './outputs.js';
import { addTool, type ToolDeps } from './tool-kit.js';
import { processView, statusUnlessTerminal, terminalView } from './views.js';

export function registerProcessTools(server: McpServer, deps: ToolDeps): void {
  const { manager, targets } = deps;
  const target = f.target(targets.allowHost, deps.sandbox !== null);

  addTool(server, deps, 'terminal_execute', {
    title: 'Run a command and wait for it',
    description:
      'Run a shell command to completion and return its output (stdout and stderr interleaved, the last 1000 lines and at most 1 MiB), exit code and duration. ' +
      'A command still running after `timeout` milliseconds is killed with all its children (timedOut: true). ' +
      'Each call starts fresh: `cd` and `export` do not persist (use terminal_create + terminal_run for that). ' +
      'For servers, watchers or anything long-running use terminal_background.',
    input: { command: f.command, cwd: f.cwd, env: f.env, timeout: f.timeout('the command is killed', 30_000, 3_600_000), target },
    output: out.execute,
  }, async (args, signal, progress) => {
    const where = await targets.resolve(args.target);
    const result = await manager.execute({ command: args.command, cwd: args.cwd, env: args.env, timeout: args.timeout, target: where.target, signal, onLine: progress });
    return { ...result, ...(where.notice ? { notice: where.notice } : {}) };
  });

  addTool(server, deps, 'terminal_background', {
    title: 'Start a background process',
    description:
      'Start a long-running command (a server, a build, a watcher) and return at once with its processId. ' +
      'Its output is kept (the last 1000 lines, at most 1 MiB): read it with terminal_logs, wait for a line such as "listening on" with terminal_wait, ' +
      'write to its stdin with terminal_input, stop it and its children with terminal_stop. ' +
      'With terminalId it runs in that terminal\'s directory and environment (and target), and terminal_destroy stops it.',
    input: {
      command: f.command,
      name: z.string().min(1).optional().describe('A readable name; the processId is derived from it when free (e.g. "web").'),
      cwd: f.cwd,
      env: f.env,
      terminalId: f.terminalId.optional(),
      restart: z.enum(['no', 'on-failure', 'always']).optional().describe('Restart policy (default "no"); restarts back off from 0.2 s, doubling.'),
      maxRestarts: z.number().int().min(0).max(100).optional().describe('Restarts allowed before giving up (default 5).'),
      target,
    },
    output: out.background,
  }, async (args) => {
    const where = args.terminalId === undefined ? await targets.resolve(args.target) : undefined;
    const result = await manager.background({
      command: args.command,
      name: args.name,
      cwd: args.cwd,
      env: args.env,
      terminalId: args.terminalId,
      restart: args.restart,
      maxRestarts: args.maxRestarts,
      target: where?.target,
    });
    const { pid, status } = await manager.started(result.processId);
    return { ...result, pid, status, ...(where?.notice ? { notice: where.notice } : {}) };
  });

  addTool(server, deps, 'terminal_status', {
    title: 'Status of a background process',
    description: 'Status of one background process: running, exited, killed or error, with pid, uptime, exit code and restarts.',
    input: { processId: f.processId },
    output: out.processInfo,
    annotations: { readOnlyHint: true },
  }, async (args) => processView(await manager.status(args.processId)));

  addTool(server, deps, 'terminal_logs', {
    title: 'Output of a process or a terminal',
    description:
      'Output of a background process (stdout and stderr interleaved), of a terminal command (processId from terminal_run), ' +
      'or of a whole terminal (its name): the screen view, `\\r` overwrites applied and colours removed. Without `since`: the newest `lines` lines. ' +
      'A terminal\'s current line without a newline (a prompt) is the last line and is also given as `partial`. ' +
      'Pass the returned `cursor` back as `since` to get only what was printed after the previous call. ' +
      '`dropped` counts lines lost because only the last 1000 (at most 1 MiB) are kept.',
    input: {
      processId: f.processId,
      lines: z.number().int().min(1).max(1000).optional().describe('At most this many lines (default 50).'),
      since: z.number().int().min(0).optional().describe('A cursor from an earlier terminal_logs or terminal_wait call.'),
      raw: z.boolean().optional().describe('A terminal only: also return `raw`, the stream as the program wrote it (escape sequences kept), from character offset `rawOffset`.'),
      rawOffset: z.number().int().min(0).optional().describe('With raw: start at this offset (the `rawEnd` of an earlier call).'),
    },
    output: out.logs,
    annotations: { readOnlyHint: true },
  }, async (args) => {
    const result = await manager.logs({ processId: args.processId, lines: args.lines, since: args.since });
    const lines = result.logs.map((l) => l.text);
    if (result.partial) lines.push(result.partial);
    const raw = args.raw ? await manager.raw(args.processId, args.rawOffset) : undefined;
    return {
      logs: lines.join('\n'),
      lineCount: result.lineCount,
      cursor: result.cursor,
      dropped: result.dropped,
      ...(result.partial ? { partial: result.partial } : {}),
      ...(await statusUnlessTerminal(manager, args.processId)),
      ...(raw ? { raw: raw.raw, rawEnd: raw.offset } : {}),
    };
  });

  addTool(server, deps, 'terminal_stop', {
    title: 'Stop a background process',
    description:
      'Stop a background process and every child it started, or the command running in a terminal: `signal` (default SIGTERM) first, ' +
      'SIGKILL after `grace` milliseconds. Returns its final status. Stopping a process that already ended is not an error. ' +
      'To send one signal without the SIGKILL that follows, use terminal_signal.',
    input: {
      processId: f.processId,
      signal: z.enum(f.SIGNALS).optional().describe('The first signal (default SIGTERM).'),
      grace: z.number().int().min(0).max(60_000).optional().describe('Milliseconds before SIGKILL (default 3000).'),
    },
    output: out.stop,
    annotations: { destructiveHint: true, idempotentHint: true },
  }, async (args) => {
    const info = await manager.stop(args.processId, { signal: args.signal, graceMs: args.grace });
    const message = info.status === 'running' ? `${args.processId} is still running` : `${args.processId} ${info.status} (exit code ${info.exitCode ?? 'none'}${info.signal ? `, ${info.signal}` : ''})`;
    return { success: info.status !== 'running', message, ...processView(info) };
  });

  addTool(server, deps, 'terminal_list', {
    title: 'List processes and terminals',
    description:
      'Every background process this server started (running or not), the command running in each terminal, and every named terminal, plus where commands run by default. ' +
      'Terminals detached by any client of this project (terminal_detach; also by an earlier `tempfs mcp` that has since ended) are listed too, ' +
      'with `detached.remainingMs` before their TTL ends them: take one with terminal_attach. ' +
      '`lost` lists terminals of a terminal host that died (their shells are gone; terminal_history still reads them).',
    input: {},
    output: out.list,
    annotations: { readOnlyHint: true },
  }, async () => {
    const [processes, terminals, lost] = await Promise.all([manager.list(), manager.terminalList(), manager.lost()]);
    return {
      processes: processes.map(processView),
      terminals: terminals.map(terminalView),
      defaultTarget: targets.defaultTarget,
      ...(lost.length ? { lost: lost.map((t) => ({ terminalId: t.terminalId, target: t.target, cwd: t.cwd, commands: t.history.length, lastSeenAt: t.lastSeenAt })) } : {}),
      ...(deps.sandbox ? { sandbox: deps.sandbox.state() } : {}),
    };
  });
}
