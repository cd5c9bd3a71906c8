/**
 * `bash`: an interactive shell in the container (bash, or sh when the image has none).
 * `bash <cmd...>`: run it and print its output and exit code. One argument is a
 * script (`bash "ls | wc -l"`); several are words, quoted so that `bash echo "a  b"`
 * prints `a  b`.
 */
import type { ReplCommand } from '../command.js';
import { printExecResult } from '../exec-output.js';
import { shellQuote } from '../../shared/shell-quote.js';

/** Picks bash when the image has it, in the same exec (no extra round trip). */
const PICK_SHELL = 'if command -v bash >/dev/null 2>&1; then exec bash "$@"; else exec sh "$@"; fi';

export function bashCommand(): ReplCommand {
  return {
    name: 'bash',
    description: 'open a shell in the container; `bash <cmd...>` runs one command',
    roles: ['base'],
    async execute(args, ctx) {
      if (args.length === 0) {
        const code = await ctx.container.execInteractive(['sh', '-c', PICK_SHELL, 'sh']);
        if (code !== 0) ctx.print(`exit code ${code}`);
        return;
      }
      const script = args.length === 1 ? args[0]! : args.map(shellQuote).join(' ');
      const result = await ctx.container.exec(['sh', '-c', PICK_SHELL, 'sh', '-c', script], {
        signal: ctx.signal,
      });
      printExecResult(ctx, result);
    },
  };
}
