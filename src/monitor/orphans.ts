/**
 * Orphans: sessions Podman still holds objects of, whose owner (the CLI) and monitor are
 * both gone: a monitor that crashed or was killed, a reboot. A detached stack that is
 * still running within its TTL is not an orphan: it outlives its CLI by design.
 */
import { Labels, type ContainerEngine, type ContainerInfo } from '../engine/engine.js';
import { isProcessAlive, scanMonitors } from './proc.js';
import { hasLiveMonitor, listSessionRecords, type SessionRecord } from './session-record.js';
import { expiresFromLabels } from './ttl.js';

export interface Orphan {
  session: string;
  /** From the labels or the record; null when neither says. */
  project: string | null;
  containers: string[];
  networks: string[];
  record: SessionRecord | null;
}

async function isWatched(session: string, record: SessionRecord | null, monitors: Map<string, number[]>) {
  if (monitors.has(session)) return true;
  if (record === null) return false;
  return (await hasLiveMonitor(record)) || (await isProcessAlive(record.ownerPid, record.ownerStart));
}

/** Running, detached (by record or by a TTL label) and not expired. */
function isLiveDetached(record: SessionRecord | null, containers: ContainerInfo[], now: number): boolean {
  const labelled = expiresFromLabels(containers.map((c) => c.labels));
  const expires = record?.expiresAt ?? labelled;
  const detached = record?.mode === 'detached' || labelled !== null;
  const running = containers.some((c) => c.state === 'running');
  return detached && running && (expires === null || expires > now);
}

/** `project` limits the search to one project's sessions. */
export async function findOrphans(
  engine: ContainerEngine,
  stateDir: string,
  options: { now?: number; project?: string } = {},
): Promise<Orphan[]> {
  const now = options.now ?? Date.now();
  const project = options.project;
  const [all, records, monitors] = await Promise.all([
    engine.listContainers(project === undefined ? {} : { project }),
    listSessionRecords(stateDir, project),
    scanMonitors(),
  ]);
  const bySession = new Map<string, ContainerInfo[]>();
  for (const container of all) {
    const session = container.labels[Labels.session];
    if (session) bySession.set(session, [...(bySession.get(session) ?? []), container]);
  }
  // A record without containers may still stand for a network or volume left behind.
  for (const record of records) if (!bySession.has(record.session)) bySession.set(record.session, []);

  const orphans: Orphan[] = [];
  for (const [session, containers] of bySession) {
    const record = records.find((r) => r.session === session) ?? null;
    if (await isWatched(session, record, monitors)) continue;
    if (isLiveDetached(record, containers, now)) continue;
    const networks = await engine.listNetworks({ session });
    orphans.push({
      session,
      project: containers[0]?.labels[Labels.project] ?? record?.project ?? null,
      containers: containers.map((c) => c.name).sort(),
      networks,
      record,
    });
  }
  return orphans.sort((a, b) => a.session.localeCompare(b.session));
}
