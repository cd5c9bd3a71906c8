/**
 * `tempfs down`: stop the project's monitors, remove its containers in reverse dependency
 * order (SIGTERM, SIGKILL after the grace period), then its network and, with -v, its
 * named volumes. Nothing to remove is not an error.
 */
import { Labels, podsOf } from '../engine/engine.js';
import { resolveStateDir } from '../monitor/state-dir.js';
import { signalMonitor } from '../monitor/stop.js';
import type { CommandContext } from './context.js';
import { withProgress } from './stack/progress-done.js';
import { createEngine } from './stack/engine.js';
import { resolveProjectRef } from './stack/project-ref.js';
import { removeInReverseOrder } from './stack/remove-stack.js';

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
  const mine = { project: ref.name };
  // The container listing is on the critical path, so nothing competes with it; networks
  // and volumes are listed while the containers go.
  const containers = await engine.listContainers(mine);
  if (containers.length > 0) ctx.events({ type: 'plan', services: [...new Set(containers.map((c) => c.labels[Labels.service] ?? c.name))], models: [] });
  const stateDir = resolveStateDir(ctx.env);
  const sessions = new Set(containers.map((c) => c.labels[Labels.session]).filter((s): s is string => Boolean(s)));
  // The monitors are signalled first: one that saw its session vanish would start a cleanup
  // of its own. Once signalled it will not, so its exit need not hold up the removal.
  const monitors = await Promise.all([...sessions].map((s) => signalMonitor(s, stateDir)));
  // The removal's `podman rm` is spawned first (a spawn blocks this thread a few ms).
  const removal = removeInReverseOrder({ engine, containers, project: ref.project, events: ctx.events, graceMs: options.timeoutMs });
  const others = Promise.all([engine.listNetworks(mine), engine.listVolumes(options.volumes ? mine : { ...mine, ephemeral: 'true' })]);
  others.catch(() => {}); // awaited below; a failure counts only once the containers are gone
  await removal;
  // Pods (`tempfs kube --play`) still hold their infra containers, and with them the network.
  await engine.removePods(podsOf(containers), 0);
  await Promise.all(monitors.map((m) => m.gone));
  const [networks, volumes] = await others;
  await Promise.all([...networks.map((n) => engine.removeNetwork(n)), ...volumes.map((v) => engine.removeVolume(v))]);

  const parts = [`${containers.length} container${containers.length === 1 ? '' : 's'}`];
  if (networks.length) parts.push(`${networks.length} network${networks.length === 1 ? '' : 's'}`);
  if (volumes.length) parts.push(`${volumes.length} volume${volumes.length === 1 ? '' : 's'}`);
  const nothing = containers.length + networks.length + volumes.length === 0;
  ctx.events({ type: 'message', level: 'info', text: nothing ? `${ref.name}: nothing to remove` : `${ref.name}: removed ${parts.join(', ')}` });
  return 0;
}
