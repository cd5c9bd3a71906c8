/** Prints what a command run in the container produced, as `bash <cmd>` and YAML commands show it. */
import type { ReplContext, ReplExecResult } from './command.js';

export function printExecResult(ctx: ReplContext, result: ReplExecResult): void {
  if (result.stdout) ctx.print(result.stdout);
  if (result.stderr) ctx.print(result.stderr);
  if (result.exitCode !== 0) ctx.print(`exit code ${result.exitCode}`);
}
