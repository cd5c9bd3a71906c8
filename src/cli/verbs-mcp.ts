/** The `mcp` verb (an MCP server over stdio for agents) and `attach` (a person joins one of its terminals). */
import type { CAC } from 'cac';
import { intOption, stringOption } from './parse-args.js';
import { makeContext, type CliIO } from './context.js';
import { version } from './version.js';

export function registerMcpVerbs(cli: CAC, io: CliIO): void {
  cli
    .command('mcp', 'Serve the process tools (terminal_*, container_*) to an agent over MCP on stdio')
    .option('--container <name>', "The recipe's container commands run in (default: its `terminal:`, else the only or the base one)")
    .option('--allow-host', 'Also let the agent run commands on this machine (target: "host")')
    .option('--workspace <dir>', 'A host folder the agent\'s sandboxes may mount (repeatable; default: the current folder)')
    .option('--yes', 'With --allow-host: run destructive host commands (rm -rf outside the workspace, git push --force, ...) without asking the user')
    .option('--approval-rules <file>', 'Adjust the destructive-command list: one regex per line (added), or -NAME (a built-in rule removed)')
    .option('--max-output <bytes>', 'Most bytes of command output per tool result, head and tail kept (default 16384)')
    .example('tempfs mcp -f recipes/ubuntu.yaml')
    .example('claude mcp add tempfs -- tempfs mcp -f /path/to/tempfs.yaml')
    .action(async (options: Record<string, unknown>) => {
      const { mcpCommand } = await import('../commands/mcp/mcp-command.js');
      return mcpCommand(makeContext(io, options), {
        container: stringOption(options.container),
        allowHost: Boolean(options.allowHost),
        workspace: [options.workspace ?? []].flat().map(String),
        yes: Boolean(options.yes),
        approvalRules: stringOption(options.approvalRules),
        maxOutputBytes: intOption('--max-output', options.maxOutput),
        version: version(),
      });
    });

  cli
    .command('attach <terminal>', "Join a terminal of the project's `tempfs mcp` from this shell (Ctrl-] detaches; the shell keeps running)")
    .example('tempfs attach main')
    .action(async (terminal: string, options: Record<string, unknown>) => {
      const { attachCommand } = await import('../commands/attach.js');
      return attachCommand(makeContext(io, options), terminal);
    });
}
