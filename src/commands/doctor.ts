/** `tempfs doctor`: which engine tempfs uses and why, that it can run tempfs's containers here, and how to fix what cannot. */
import { runEngineDoctor } from '../engine/engine-doctor.js';
import { paint } from '../ui/colors.js';
import type { CommandContext } from './context.js';

export async function doctorCommand(ctx: CommandContext, options: { json: boolean }): Promise<number> {
  const checks = await runEngineDoctor(ctx.global.engine ?? {}, ctx.env, AbortSignal.any([ctx.signal, AbortSignal.timeout(60_000)]));
  const failed = checks.filter((c) => !c.ok && !c.skipped);
  if (options.json) {
    ctx.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
    return failed.length ? 1 : 0;
  }
  for (const c of checks) {
    const mark = c.skipped ? paint(ctx.color, 'gray', '-') : c.ok ? paint(ctx.color, 'green', 'ok') : paint(ctx.color, 'red', 'FAIL');
    ctx.stdout.write(`${mark.padEnd(ctx.color ? 13 : 4)} ${c.name}: ${c.detail}\n`);
    if (!c.ok && c.fix) ctx.stdout.write(`     fix: ${c.fix}\n`);
  }
  ctx.stdout.write(failed.length ? `\n${failed.length} problem${failed.length === 1 ? '' : 's'} found\n` : '\nall good: tempfs can run containers here\n');
  return failed.length ? 1 : 0;
}
