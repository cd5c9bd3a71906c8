/**
 * `tempfs down`: end the project's terminal host (its terminals and processes, detached
 * ones too), stop the project's monitors, remove its containers in reverse dependency
 * order (SIGTERM, SIGKILL after the grace period), then its network and, with -v, its
 * named volumes. Nothing to remove is not an error.
 */
import { resolveStateDir } from '../monitor/state-dir.js';
import { endTerminalHost } from '../process/host-client.js';
import { attachSocketPath } from './attach-path.js';
import { down as downStack } from '../stack/down.js';
import type { CommandContext } from './context.js';
import { withProgress } from './stack/progress-done.js';
import { createEngine } from './stack/engine.js';
import { resolveProjectRef } from './stack/project-ref.js';

export interface DownOptions {
  volumes: boolean;
  /** `-t SECONDS`, overriding every stop_grace_period. */
  timeoutMs?: number;
}

export async function downCommand(ctx: CommandContext, options: DownOptions): Promise<number> {
  return withProgress(ctx, () => down(ctx, options));
}

async function down(ctx: CommandContext, options: DownOptions): Promise<number> {
  const ref = await resolveProjectRef(ctx);
  const engine = createEngine(ctx);
  if (await endTerminalHost(attachSocketPath(ctx.env, ref.name))) {
    ctx.events({ type: 'message', level: 'info', text: `${ref.name}: ended its terminals and processes (the terminal host)` });
  }
  const { containers, networks, volumes } = await downStack({
    engine,
    project: ref.project,
    projectName: ref.name,
    events: ctx.events,
    env: ctx.env,
    monitor: { stateDir: resolveStateDir(ctx.env) },
    volumes: options.volumes,
    graceMs: options.timeoutMs,
  });
  const parts = [`${containers.length} container${containers.length === 1 ? '' : 's'}`];
  if (networks.length) parts.push(`${networks.length} network${networks.length === 1 ? '' : 's'}`);
  if (volumes.length) parts.push(`${volumes.length} volume${volumes.length === 1 ? '' : 's'}`);
  const nothing = containers.length + networks.length + volumes.length === 0;
  ctx.events({ type: 'message', level: 'info', text: nothing ? `${ref.name}: nothing to remove` : `${ref.name}: removed ${parts.join(', ')}` });
  return 0;
}
