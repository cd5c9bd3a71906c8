/** The engine every command uses: --engine / TEMPFS_ENGINE / automatic, with its connection (engine/select.ts). */
import type { ContainerEngine } from '../../engine/engine.js';
import { engineFor } from '../../engine/create.js';
import { selectEngine } from '../../engine/select.js';
import type { CommandContext } from '../context.js';

export function createEngine(ctx: CommandContext): ContainerEngine & { binary: string } {
  return engineFor(selectEngine(ctx.global.engine ?? {}, ctx.env).connection, ctx.env);
}
