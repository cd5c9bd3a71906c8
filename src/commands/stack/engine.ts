/** The engine every command uses: Podman, found through TEMPFS_PODMAN or PATH. */
import type { ContainerEngine } from '../../engine/engine.js';
import { PodmanEngine } from '../../engine/podman.js';
import type { CommandContext } from '../context.js';

export function createEngine(ctx: CommandContext): ContainerEngine & { binary: string } {
  return new PodmanEngine({ env: ctx.env });
}
