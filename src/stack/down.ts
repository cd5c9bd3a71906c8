/**
 * `down` of a whole project, whichever sessions started it: its monitors are told to stand
 * down, then its containers go in reverse dependency order, then its Pods, network and
 * (with `volumes`) its named volumes. Works from the engine's labels alone when there is no
 * recipe (`project: null`, the name given). Nothing to remove is no error.
 */
import { Labels, type ContainerInfo } from '../engine/engine.js';
import { listSessionRecords } from '../monitor/session-record.js';
import { signalMonitor, type SignalledMonitors } from '../monitor/stop.js';
import { resolveInputs, type StackInputs } from './inputs.js';
import { removeObjects, type RemovalReport } from './remove.js';

export interface DownOptions extends Omit<StackInputs, 'project'> {
  /** The recipe, when it could be loaded: gives dependencies and grace periods. */
  project: StackInputs['project'] | null;
  /** The project's name when there is no recipe. */
  projectName?: string;
  /** Named volumes too (`down -v`). */
  volumes?: boolean;
  /** Overrides every stop_grace_period (`down -t`). */
  graceMs?: number;
}

export type { RemovalReport } from './remove.js';

export async function down(options: DownOptions): Promise<RemovalReport> {
  const { events, monitor } = resolveInputs(options);
  const name = options.project?.name ?? options.projectName;
  if (!name) throw new TypeError('down: a project or a projectName is needed');
  // The monitors are signalled first: one that saw its session vanish would start a cleanup
  // of its own. Once signalled it will not, so its exit need not hold up the removal, nor
  // `down` at all (waitMs 0): their records go now, and the monitors exit on their own.
  // The sessions are the project's records (the one-call removal lists no container), and
  // in the ordered removal also those of the containers listed.
  const monitors: SignalledMonitors[] = [];
  const signalled = new Set<string>();
  const stopMonitors = async (sessions: Iterable<string>) => {
    if (!monitor) return;
    const fresh = [...sessions].filter((s) => !signalled.has(s));
    fresh.forEach((s) => signalled.add(s));
    monitors.push(...(await Promise.all(fresh.map((s) => signalMonitor(s, monitor.stateDir, 0)))));
  };
  const records = monitor ? await listSessionRecords(monitor.stateDir, name) : [];
  await stopMonitors(records.map((r) => r.session));
  const report = await removeObjects(options.engine, {
    filter: { project: name },
    project: options.project,
    events,
    graceMs: options.graceMs,
    volumes: options.volumes,
    unordered: { pods: records.some((r) => r.pods === true) },
    beforeRemoval: async (containers: readonly ContainerInfo[]) => {
      if (containers.length > 0) events({ type: 'plan', services: [...new Set(containers.map((c) => c.labels[Labels.service] ?? c.name))], models: [] });
      await stopMonitors(containers.map((c) => c.labels[Labels.session]).filter((s): s is string => Boolean(s)));
    },
  });
  await Promise.all(monitors.map((m) => m.gone));
  return report;
}
