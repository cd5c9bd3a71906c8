/**
 * The monitor's logic, apart from process wiring (main.ts) so it can be tested with any
 * ContainerEngine. It claims the session record, waits for the first of: the CLI's end
 * of the pipe closing (foreground), "done" from the CLI, the TTL, the session's last
 * container going away (detached), or SIGTERM from `down`; then cleans up if that is its
 * job, removes the record and returns the exit code.
 */
import type { Readable } from 'node:stream';
import type { ContainerEngine } from '../engine/engine.js';
import { cleanupSession } from './cleanup.js';
import type { MonitorConfig } from './monitor-args.js';
import { processStartTime } from './proc.js';
import { waitForOutcome } from './outcome.js';
import { claimSessionRecord, removeSessionRecord, type SessionRecord } from './session-record.js';
import { monitorLogPath } from './state-dir.js';
import { waitForStrays } from './strays.js';

export interface MonitorIo {
  /** The CLI's end of the pipe: lines `done` / `detach`; EOF means the CLI is gone. */
  control: Readable | null;
  /** One line to the launcher: `ready` or `error <why>`. */
  ready(line: string): void;
  log(line: string): void;
  /** Aborted on SIGTERM (`down` removes the stack itself). */
  stop: AbortSignal;
  now?: () => number;
  /** Cleanup passes before giving up (default 10, as cleanupSession). */
  cleanupTries?: number;
  /** The cleanup's pauses (settling, backoff); a real sleep by default. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** After a CLI death: how long to wait for the podman calls it left running, and one
 * more look after a clean pass, for a call caught between fork and exec. */
const STRAYS_LIMIT_MS = 5000;
const SETTLE_AFTER_DEATH_MS = [250];

export async function runMonitor(engine: ContainerEngine, config: MonitorConfig, io: MonitorIo): Promise<number> {
  const now = io.now ?? Date.now;
  const record: SessionRecord = {
    session: config.session,
    project: config.project,
    ownerPid: config.ownerPid,
    ownerStart: await processStartTime(config.ownerPid),
    monitorPid: process.pid,
    monitorStart: await processStartTime(process.pid),
    mode: config.mode,
    expiresAt: config.expiresAt,
    createdAt: now(),
    logFile: monitorLogPath(config.stateDir, config.session),
    ...(config.pods ? { pods: true } : {}),
  };
  try {
    await claimSessionRecord(config.stateDir, record);
  } catch (error) {
    io.log(`not starting: ${(error as Error).message}`);
    io.ready(`error ${(error as Error).message}`);
    return 1;
  }
  try {
    // That this process can run the binary it was given, unless the launcher has just run
    // it (`podmanChecked`). No listing: the CLI that starts a monitor works with Podman's
    // storage through the same binary, user and environment at the same moment, and a
    // `ps` now would compete for CPU and Podman's locks with the containers being started.
    if (!config.podmanChecked) await engine.version();
  } catch (error) {
    io.log(`cannot reach ${engineName(engine)}: ${(error as Error).message}`);
    await removeSessionRecord(config.stateDir, config.session);
    io.ready(`error cannot reach ${engineName(engine)}: ${(error as Error).message}`);
    return 1;
  }
  io.log(`watching session ${config.session} of ${config.project} (${config.mode}, owner ${config.ownerPid})`);
  io.ready('ready');

  const outcome = await waitForOutcome(engine, config, io, record, now);
  io.log(`outcome: ${outcome}`);
  let code = outcome === 'podman-unreachable' ? 1 : 0;
  if (outcome === 'owner-gone' || outcome === 'expired' || outcome === 'session-gone') {
    try {
      let pods = config.pods === true;
      if (outcome === 'owner-gone') {
        // The session's containers go at once, in one call and without a listing; the podman
        // calls the CLI left running are waited for meanwhile, and the passes below find what
        // they made and verify, off the path of "gone".
        await Promise.all([
          config.networksOnly ? undefined : removeAtOnce(engine, config, io.log),
          waitForStrays(config.session, STRAYS_LIMIT_MS, io.log, () => (pods = true)),
        ]);
      }
      const settleMs = outcome === 'owner-gone' ? SETTLE_AFTER_DEATH_MS : [];
      const report = await cleanupSession(engine, config.session, {
        graceMs: config.graceMs,
        project: config.project,
        log: io.log,
        settleMs,
        maxTries: io.cleanupTries,
        pods,
        sleep: io.sleep,
      });
      io.log(
        `removed ${report.containers.length} container(s), ${report.volumes.length} volume(s), ` +
          `${report.networks.length} network(s) in ${report.attempts} pass(es)`,
      );
    } catch (error) {
      io.log(`cleanup failed: ${(error as Error).message}`);
      code = 1;
    }
  }
  // On failure the record stays: with this monitor gone it marks an orphan for `gc`,
  // and it is how gc finds a network or volume the session still holds.
  if (code === 0) await removeSessionRecord(config.stateDir, config.session);
  io.log(`exiting with ${code}${code === 0 ? '' : '; the session record stays for tempfs gc'}`);
  return code;
}

async function removeAtOnce(engine: ContainerEngine, config: MonitorConfig, log: (line: string) => void): Promise<void> {
  log(`removing the containers of session ${config.session}`);
  await engine.removeLabelled({ session: config.session }, config.graceMs).catch((error: unknown) => log(`removing at once failed: ${(error as Error).message}`));
}

function engineName(engine: ContainerEngine): string {
  return engine.connection?.kind === 'docker' ? 'Docker' : 'Podman';
}
