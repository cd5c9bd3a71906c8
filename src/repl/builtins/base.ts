/** The `base` role: bash, clear, exit, help. */
import { clearScreenDown, cursorTo } from 'node:readline';
import type { ReplCommand } from '../command.js';
import { bashCommand } from './bash.js';

export function baseCommands(): ReplCommand[] {
  return [bashCommand(), clearCommand, exitCommand, helpCommand];
}

const clearCommand: ReplCommand = {
  name: 'clear',
  aliases: ['cls'],
  description: 'clear the screen',
  roles: ['base'],
  execute(_args, ctx) {
    cursorTo(ctx.output, 0, 0);
    clearScreenDown(ctx.output);
  },
};

const exitCommand: ReplCommand = {
  name: 'exit',
  aliases: ['quit'],
  description: 'leave the terminal (Ctrl-D does the same)',
  roles: ['base'],
  execute(_args, ctx) {
    ctx.exit();
  },
};

const helpCommand: ReplCommand = {
  name: 'help',
  aliases: ['?'],
  description: 'list the commands this container offers',
  roles: ['base'],
  execute(_args, ctx) {
    const rows = ctx.commands.map((c) => {
      const aliases = c.aliases?.length ? ` (${c.aliases.join(', ')})` : '';
      return [`${c.name}${aliases}`, c.description] as const;
    });
    const width = Math.max(...rows.map(([left]) => left.length));
    return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
  },
};
