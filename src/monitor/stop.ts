/**
 * `down` ends the monitor of the session it removes: SIGTERM makes a monitor exit
 * without cleaning (down does that itself). Only a process that really is this session's
 * monitor is signalled; a reused pid is left alone.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isMonitorProcess, isProcessAlive, scanMonitors } from './proc.js';
import { readSessionRecord, removeSessionRecord } from './session-record.js';

export interface SignalledMonitors {
  /** The pids that were sent SIGTERM. */
  pids: number[];
  /** Settles once they have exited (or `waitMs` passed) and the session record is removed. */
  gone: Promise<void>;
}

/**
 * SIGTERMs the session's monitor(s) and returns at once; `gone` says when they are over.
 * Once this resolves the signal is sent, so the monitor will not act on what happens next
 * (its handler runs before any Podman answer it waits for could tell it the session
 * vanished): a caller may start removing the session while the monitor exits.
 */
export async function signalMonitor(session: string, stateDir: string, waitMs = 2000): Promise<SignalledMonitors> {
  const record = await readSessionRecord(stateDir, session);
  let pids: number[] = [];
  if (record && (await isProcessAlive(record.monitorPid, record.monitorStart))) {
    if (await isMonitorProcess(record.monitorPid, session)) pids = [record.monitorPid];
  }
  // No record (or a stale one): a monitor may still run; /proc knows.
  if (pids.length === 0) pids = (await scanMonitors()).get(session) ?? [];
  const signalled = pids.filter((pid) => {
    try {
      process.kill(pid, 'SIGTERM');
      return true;
    } catch {
      return false;
    }
  });
  const gone = (async () => {
    const deadline = Date.now() + waitMs;
    for (const pid of signalled) {
      while ((await isMonitorProcess(pid, session)) && Date.now() < deadline) await sleep(20);
    }
    await removeSessionRecord(stateDir, session);
  })();
  gone.catch(() => {}); // awaited by the caller; never an unhandled rejection meanwhile
  return { pids: signalled, gone };
}

/** SIGTERMs the session's monitor(s), waits up to `waitMs` for them to exit, removes the
 * record. Resolves to the pids that were signalled. */
export async function stopMonitor(session: string, stateDir: string, waitMs = 2000): Promise<number[]> {
  const { pids, gone } = await signalMonitor(session, stateDir, waitMs);
  await gone;
  return pids;
}
