/**
 * `down` ends the monitor of the session it removes: SIGTERM makes a monitor exit
 * without cleaning (down does that itself). Only a process that really is this session's
 * monitor is signalled; a reused pid is left alone.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isMonitorProcess, isProcessAlive, scanMonitors } from './proc.js';
import { readSessionRecord, removeSessionRecord } from './session-record.js';

/** SIGTERMs the session's monitor(s), waits up to `waitMs` for them to exit, removes the
 * record. Resolves to the pids that were signalled. */
export async function stopMonitor(session: string, stateDir: string, waitMs = 2000): Promise<number[]> {
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
  const deadline = Date.now() + waitMs;
  for (const pid of signalled) {
    while ((await isMonitorProcess(pid, session)) && Date.now() < deadline) await sleep(20);
  }
  await removeSessionRecord(stateDir, session);
  return signalled;
}
