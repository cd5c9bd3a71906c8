/**
 * `tempfs down`: stop the project's monitors, remove its containers in reverse dependency
 * order (SIGTERM, SIGKILL after the grace period), then its network and, with -v, its
 * named volumes. Nothing to remove is not an error.
 */
import { Labels } from '../engine/engine.js';
import { resolveStateDir } from '../monitor/state-dir.js';
import { stopMonitor } from '../monitor/stop.js';
import type { CommandContext } from './context.js';
import { createEngine } from './stack/engine.js';
import { resolveProjectRef } from './stack/project-ref.js';
import { removeInReverseOrder } from './stack/remove-stack.js';

export interface DownOptions {
  volumes: boolean;
  /** `-t SECONDS`, overriding every stop_grace_period. */
  timeoutMs?: number;
}

export async function downCommand(ctx: CommandContext, options: DownOptions): Promise<number> {
  try {
    return await down(ctx, options);
  } finally {
    // Live progress rows end before anything else is written (an error, a message).
    await ctx.progressDone?.();
  }
}

async function down(ctx: CommandContext, options: DownOptions): Promise<number> {
  const ref = await resolveProjectRef(ctx);
  const engine = createEngine(ctx);
  const containers = await engine.listContainers({ project: ref.name });
  if (containers.length > 0) ctx.events({ type: 'plan', services: [...new Set(containers.map((c) => c.labels[Labels.service] ?? c.name))], models: [] });
  const stateDir = resolveStateDir(ctx.env);
  const sessions = new Set(containers.map((c) => c.labels[Labels.session]).filter((s): s is string => Boolean(s)));
  await Promise.all([...sessions].map((s) => stopMonitor(s, stateDir)));

  await removeInReverseOrder({ engine, containers, project: ref.project, events: ctx.events, graceMs: options.timeoutMs });
  // Networks and volumes are independent of each other: listed and removed side by side.
  const [networks, volumes] = await Promise.all([
    engine.listNetworks({ project: ref.name }),
    engine.listVolumes(options.volumes ? { project: ref.name } : { project: ref.name, ephemeral: 'true' }),
  ]);
  await Promise.all([...networks.map((n) => engine.removeNetwork(n)), ...volumes.map((v) => engine.removeVolume(v))]);

  const parts = [`${containers.length} container${containers.length === 1 ? '' : 's'}`];
  if (networks.length) parts.push(`${networks.length} network${networks.length === 1 ? '' : 's'}`);
  if (volumes.length) parts.push(`${volumes.length} volume${volumes.length === 1 ? '' : 's'}`);
  const nothing = containers.length + networks.length + volumes.length === 0;
  ctx.events({ type: 'message', level: 'info', text: nothing ? `${ref.name}: nothing to remove` : `${ref.name}: removed ${parts.join(', ')}` });
  return 0;
}
