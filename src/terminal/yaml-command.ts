/** A command declared in the recipe: `run` executed in the container with the user's args appended. */
import type { YamlCommandSpec } from '../recipe/model.js';
import type { TerminalCommand } from './command.js';
import { printExecResult } from './exec-output.js';

export function yamlCommand(spec: YamlCommandSpec): TerminalCommand {
  return {
    name: spec.name,
    aliases: spec.aliases,
    description: spec.description,
    roles: spec.roles,
    async execute(args, ctx) {
      const result = await ctx.container.exec([...spec.run, ...args], { signal: ctx.signal });
      printExecResult(ctx, result);
    },
  };
}
