/** terminal_wait, terminal_input and terminal_signal: talking to a running process or terminal. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { KEY_NAMES } from '../process/index.js';
import * as f from './fields.js';
import * as out from './outputs.js';
import { addTool, type ToolDeps } from './tool-kit.js';
import { statusUnlessTerminal } from './views.js';

export function registerIoTools(server: McpServer, deps: ToolDeps): void {
  const { manager } = deps;

  addTool(server, deps, 'terminal_wait', {
    title: 'Wait for an output line',
    description:
      'Wait until a background process, a terminal command (processId from terminal_run) or a terminal (its name) prints a line matching `pattern` ' +
      '(a JavaScript regular expression, e.g. "listening on|ready"), or until `timeout` milliseconds pass. ' +
      'A terminal\'s current line without a newline (a prompt such as "name? ") counts too (partial: true). ' +
      'Lines already printed count, unless `since` (a cursor from terminal_logs) says otherwise. ' +
      'found: false means the timeout passed or the process ended first; the status field says which.',
    input: {
      processId: f.processId,
      pattern: z.string().min(1).describe('A regular expression tested on each output line.'),
      timeout: f.timeout('giving up', 30_000, 1_800_000),
      since: z.number().int().min(0).optional().describe('Only lines after this cursor.'),
    },
    output: out.wait,
    annotations: { readOnlyHint: true },
  }, async (args, signal, progress) => {
    const ticker = setInterval(() => progress(`waiting for /${args.pattern}/`), 5000);
    try {
      const result = await manager.wait({ processId: args.processId, pattern: args.pattern, timeout: args.timeout, since: args.since, signal });
      return { ...result, timeElapsed: result.elapsedMs, ...(await statusUnlessTerminal(manager, args.processId)) };
    } finally {
      clearInterval(ticker);
    }
  });

  addTool(server, deps, 'terminal_input', {
    title: 'Type into a terminal or a process',
    description:
      'Write to a terminal (processId: its name, or the processId of its command) — what runs there reads it as typed keys — or to the stdin of a background process. ' +
      'Nothing is added: end the text with "\\n" or add keys ["enter"]. `keys` are named keys sent after the text: ' +
      `${KEY_NAMES.join(', ')} (ctrl-c interrupts, ctrl-d is end of input). ` +
      'With `waitFor` (a regular expression) or `idleMs`, the call also waits for that pattern, or for the output to go quiet, ' +
      'and returns what came back (`output`), in one call. `end: true` closes a background process\'s stdin (EOF).',
    input: {
      processId: f.processId,
      input: z.string().optional().describe('The text to write, e.g. "print(1)\\n".'),
      keys: z.array(z.string().min(1)).max(100).optional().describe('Named keys sent after the text, e.g. ["ctrl-c"] or ["up", "enter"].'),
      waitFor: z.string().min(1).optional().describe('Then wait for a line (or the prompt) matching this regular expression.'),
      idleMs: z.number().int().min(10).max(60_000).optional().describe('Then wait until nothing was printed for this many milliseconds.'),
      timeout: f.timeout('the wait gives up', 30_000, 1_800_000),
      end: z.boolean().optional().describe('Close stdin after writing (background processes only; default false).'),
    },
    output: out.input,
  }, async (args, signal) => {
    return { processId: args.processId, ...(await manager.input({ ...args, signal })) };
  });

  addTool(server, deps, 'terminal_signal', {
    title: 'Send a signal',
    description:
      'Send one signal to what runs in a terminal\'s foreground (processId: the terminal\'s name or its command\'s processId) ' +
      'or to a background process\'s whole tree. Never followed by SIGKILL: a REPL interrupted with SIGINT stays alive. ' +
      'sent: false when nothing was running to receive it (the shell itself is never signalled).',
    input: { processId: f.processId, signal: z.enum(f.SIGNALS).describe('The signal, e.g. "SIGINT".') },
    output: out.signalSent,
  }, async (args) => ({ processId: args.processId, signal: args.signal, ...(await manager.signal(args.processId, args.signal)) }));
}
