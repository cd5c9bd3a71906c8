/** terminal_wait and terminal_input: talking to a running background process. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as f from './fields.js';
import { addTool, ms, type ToolDeps } from './tool-kit.js';

export function registerIoTools(server: McpServer, deps: ToolDeps): void {
  const { manager } = deps;

  addTool(server, deps, 'terminal_wait', {
    title: 'Wait for an output line',
    description:
      'Wait until a background process prints a line matching `pattern` (a JavaScript regular expression, e.g. "listening on|ready"), ' +
      'or until `timeout` seconds pass. Lines already printed count too, unless `since` (a cursor from terminal_logs) says otherwise. ' +
      'found: false means the timeout passed or the process ended first; the status field says which.',
    input: {
      processId: f.processId,
      pattern: z.string().min(1).describe('A regular expression tested on each output line.'),
      timeout: f.timeout('giving up', 30, 1800),
      since: z.number().int().min(0).optional().describe('Only lines after this cursor.'),
    },
    annotations: { readOnlyHint: true },
  }, async (args, signal) => {
    const result = await manager.wait({ processId: args.processId, pattern: args.pattern, timeout: ms(args.timeout), since: args.since, signal });
    return { ...result, status: manager.status(args.processId).status };
  });

  addTool(server, deps, 'terminal_input', {
    title: 'Write to a process\'s stdin',
    description:
      'Write text to the stdin of a background process (an interactive program, a REPL, `cat`). ' +
      'Nothing is added: end the text with "\\n" to send Enter. `end: true` closes stdin afterwards (EOF, like Ctrl-D). ' +
      'Read the reaction with terminal_logs or terminal_wait.',
    input: {
      processId: f.processId,
      input: z.string().describe('The text to write, e.g. "print(1)\\n".'),
      end: z.boolean().optional().describe('Close stdin after writing (default false).'),
    },
  }, async (args) => {
    await manager.input({ processId: args.processId, input: args.input, end: args.end });
    return { processId: args.processId, bytes: Buffer.byteLength(args.input), ended: Boolean(args.end) };
  });
}
