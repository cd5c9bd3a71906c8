/**
 * `up -d` leaves its monitor detached, so a stack it started outlives the CLI. A sandbox
 * that this server started must not outlive the server, even when the agent host kills it
 * with SIGKILL: the server takes the session back with a foreground monitor, which removes
 * it as soon as the server's end of the monitor's pipe closes, however the server ends.
 * `down` stops that monitor like any other.
 */
import { Labels, type ContainerInfo } from '../../engine/engine.js';
import { startMonitor, type MonitorHandle } from '../../monitor/launcher.js';
import { resolveStateDir } from '../../monitor/state-dir.js';
import { stopMonitor } from '../../monitor/stop.js';
import type { CommandContext } from '../context.js';
import { createEngine } from '../stack/engine.js';

export async function guardSession(ctx: CommandContext, project: string, container: ContainerInfo, graceMs: number): Promise<MonitorHandle | undefined> {
  const session = container.labels[Labels.session];
  if (!session) return undefined;
  const stateDir = resolveStateDir(ctx.env);
  await stopMonitor(session, stateDir);
  return startMonitor({ session, project, mode: 'foreground', expiresAt: null, graceMs, stateDir, engine: createEngine(ctx).connection });
}
