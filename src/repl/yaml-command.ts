/**
 * A command declared in the recipe, run in the container with the user's words appended.
 * `run: [df, -h]` is an argv; `run: "df -h | tail -1"` (one entry with a blank) is a
 * shell line, the words appended as its last arguments ("$@").
 */
import type { YamlCommandSpec } from '../recipe/model.js';
import type { ReplCommand } from './command.js';
import { printExecResult } from './exec-output.js';

export function yamlCommand(spec: YamlCommandSpec): ReplCommand {
  return {
    name: spec.name,
    aliases: spec.aliases,
    description: spec.description,
    roles: spec.roles,
    async execute(args, ctx) {
      const result = await ctx.container.exec(yamlArgv(spec.run, args), { signal: ctx.signal });
      printExecResult(ctx, result);
    },
  };
}

export function yamlArgv(run: string[], args: string[]): string[] {
  const line = run.length === 1 && /\s/.test(run[0]!) ? run[0]! : null;
  return line === null ? [...run, ...args] : ['sh', '-c', `${line} "$@"`, 'sh', ...args];
}
