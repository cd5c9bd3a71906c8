/**
 * Session records: `sessions/<session>.json`, one per watched session, written by its
 * monitor. Writes go to a temporary file first, so a reader never sees half a record;
 * the first write is a claim (shared/file-claim.ts): that is the lock that keeps a
 * session to one monitor.
 */
import { readFile, readdir, unlink } from 'node:fs/promises';
import { TempfsError } from '../errors.js';
import { claimFile } from '../shared/file-claim.js';
import { writePrivateJson } from '../shared/json-file.js';
import { isMonitorProcess, isProcessAlive } from './proc.js';
import { sessionRecordPath, sessionsDir } from './state-dir.js';

export type MonitorMode = 'foreground' | 'detached';

export interface SessionRecord {
  session: string;
  project: string;
  ownerPid: number;
  /** /proc start time of the owner, so a reused pid is not mistaken for it. */
  ownerStart: string | null;
  monitorPid: number;
  monitorStart: string | null;
  mode: MonitorMode;
  /** Epoch ms at which the stack is removed; null: no TTL. */
  expiresAt: number | null;
  /** Epoch ms. */
  createdAt: number;
  logFile: string;
  /** The session makes Pods (`tempfs kube --play`): `down` must look for them. */
  pods?: boolean;
}

/** Replace the record atomically (tmp + rename). */
export async function writeSessionRecord(stateDir: string, record: SessionRecord): Promise<void> {
  await writePrivateJson(sessionRecordPath(stateDir, record.session), record);
}

export async function readSessionRecord(stateDir: string, session: string): Promise<SessionRecord | null> {
  try {
    return JSON.parse(await readFile(sessionRecordPath(stateDir, session), 'utf8')) as SessionRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

function parseRecord(text: string): SessionRecord | null {
  try {
    return JSON.parse(text) as SessionRecord;
  } catch {
    return null;
  }
}

export async function removeSessionRecord(stateDir: string, session: string): Promise<void> {
  await unlink(sessionRecordPath(stateDir, session)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Every session's record, or (with `project`) that project's only. */
export async function listSessionRecords(stateDir: string, project?: string): Promise<SessionRecord[]> {
  const names = await readdir(sessionsDir(stateDir)).catch(() => [] as string[]);
  const records = await Promise.all(
    names.filter((n) => n.endsWith('.json')).map((n) => readSessionRecord(stateDir, n.slice(0, -5))),
  );
  return records.filter((r): r is SessionRecord => r !== null && (project === undefined || r.project === project));
}

/** True when the record's monitor is still that very process. */
export async function hasLiveMonitor(record: SessionRecord): Promise<boolean> {
  return (
    (await isProcessAlive(record.monitorPid, record.monitorStart)) &&
    (await isMonitorProcess(record.monitorPid, record.session))
  );
}

/**
 * Create the record unless a live monitor already holds it; a stale record (its monitor
 * dead) is replaced. Throws MONITOR when the session is already watched.
 */
export async function claimSessionRecord(stateDir: string, record: SessionRecord): Promise<void> {
  const path = sessionRecordPath(stateDir, record.session);
  const claim = await claimFile(path, `${JSON.stringify(record, null, 2)}\n`, async (text) => {
    const existing = parseRecord(text);
    return existing === null || !(await hasLiveMonitor(existing));
  });
  if (claim === 'claimed') return;
  const existing = await readSessionRecord(stateDir, record.session);
  throw new TempfsError('MONITOR', existing ? `session ${record.session} already has a monitor (pid ${existing.monitorPid})` : `could not claim the record of session ${record.session}`);
}
