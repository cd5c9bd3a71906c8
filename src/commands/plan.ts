/** `tempfs plan [containers...]`: the steps of `up` in order, what each waits for. */
import { buildPlan } from '../plan/plan.js';
import { renderPlan } from '../plan/render.js';
import type { CommandContext } from './context.js';
import { loadForCommand } from './load.js';

export async function planCommand(ctx: CommandContext, services: string[], options: { json: boolean }): Promise<number> {
  const { project } = await loadForCommand(ctx, { services });
  const plan = buildPlan(project, services);
  ctx.stdout.write(options.json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan, project));
  return 0;
}
