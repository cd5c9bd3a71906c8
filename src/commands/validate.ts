/** `tempfs validate`: load and check the recipe; one line `ok: N containers`. */
import type { CommandContext } from './context.js';
import { loadForCommand } from './load.js';

export async function validateCommand(ctx: CommandContext): Promise<number> {
  const { project } = await loadForCommand(ctx);
  const n = Object.keys(project.containers).length;
  ctx.stdout.write(`ok: ${n} container${n === 1 ? '' : 's'}\n`);
  return 0;
}
