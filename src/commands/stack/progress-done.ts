/** Runs a command body, then lets live progress rows draw their last frame before anything else is written. */
import type { CommandContext } from '../context.js';

export async function withProgress<T>(ctx: CommandContext, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await ctx.progressDone?.();
  }
}
