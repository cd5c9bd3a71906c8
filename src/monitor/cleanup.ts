/**
 * Remove everything of one session: its containers, then its ephemeral volumes, then its
 * network(s). Talks to the ContainerEngine interface only. Idempotent: a session with
 * nothing left is a no-op that costs three listings.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { podsOf, type ContainerEngine } from '../engine/engine.js';
import { TempfsError } from '../errors.js';
import { backoffDelay } from '../shared/backoff.js';

export interface CleanupOptions {
  /** SIGTERM -> SIGKILL grace for the containers. */
  graceMs: number;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Passes that fail or find something, before giving up. Default 10. */
  maxTries?: number;
  /**
   * After a pass finds nothing, look again after each of these pauses. A CLI killed in
   * the middle of `podman create` leaves that podman process running: its container can
   * appear after the first clean look.
   */
  settleMs?: number[];
  /** The session's project: its network is shared by every session of it (see sessionNetworks). */
  project?: string | null;
  /**
   * Also list the session's Pods by label: after a `podman kube play` was stopped midway,
   * a Pod can exist before any of its labelled containers. Otherwise Pods are found through
   * their containers, at no extra cost for sessions without Pods.
   */
  pods?: boolean;
  /** The pause between passes (tests inject one that records and returns at once). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface CleanupReport {
  containers: string[];
  volumes: string[];
  networks: string[];
  /** Passes that removed something or failed. */
  attempts: number;
  errors: string[];
}

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> => sleep(ms, undefined, { signal });

/** 100 ms, doubling, at most 2 s. */
export const backoffMs = (attempt: number): number => backoffDelay(attempt, { baseMs: 100, maxMs: 2000 });

/** The session's volumes that may go (named volumes of the recipe stay until `down -v`). */
function ephemeralVolumes(engine: ContainerEngine, session: string): Promise<string[]> {
  return engine.listVolumes({ session, ephemeral: 'true' });
}

/**
 * The networks a session's cleanup removes. `<project>_default` carries the label of the
 * session that created it, but every session of the project (`up a` and `up b` in two
 * terminals) uses it: it goes when the last container of the project has gone, whichever
 * session ends last, and is no failure while another session still runs.
 */
export async function sessionNetworks(engine: ContainerEngine, session: string, project?: string | null): Promise<string[]> {
  if (!project) return engine.listNetworks({ session });
  const networks = await engine.listNetworks({ project });
  // Only when there is one to remove: ask whether another session still uses it.
  if (networks.length === 0 || (await engine.listContainers({ project })).length > 0) return [];
  return networks;
}

/**
 * One pass; returns how many objects it removed. The volumes are listed beside the
 * containers, and removed beside the networks once the containers are gone: a pass that
 * finds nothing (the verifying one) waits for two engine calls in a row, not four.
 */
async function removePass(engine: ContainerEngine, session: string, options: CleanupOptions, report: CleanupReport) {
  const [listed, labelledPods, volumes] = await Promise.all([
    engine.listContainers({ session }),
    options.pods ? engine.listPods({ session }) : [],
    ephemeralVolumes(engine, session),
  ]);
  const containers = listed.map((c) => c.name);
  if (containers.length > 0) {
    options.log(`removing containers: ${containers.join(', ')}`);
    await engine.removeContainers(containers, options.graceMs);
    report.containers.push(...containers.filter((c) => !report.containers.includes(c)));
  }
  const pods = [...new Set([...podsOf(listed), ...labelledPods])];
  if (pods.length > 0) {
    options.log(`removing pods: ${pods.join(', ')}`);
    await engine.removePods(pods, 0);
  }
  const removeAll = (kind: 'volume' | 'network', names: string[], remove: (name: string) => Promise<void>, into: string[]) =>
    Promise.all(
      names.map(async (name) => {
        options.log(`removing ${kind} ${name}`);
        await remove(name);
        if (!into.includes(name)) into.push(name);
      }),
    );
  const [networks] = await Promise.all([
    sessionNetworks(engine, session, options.project).then(async (found) => {
      await removeAll('network', found, (n) => engine.removeNetwork(n), report.networks);
      return found;
    }),
    removeAll('volume', volumes, (v) => engine.removeVolume(v), report.volumes),
  ]);
  return containers.length + pods.length + volumes.length + networks.length;
}

/**
 * Retries with backoff up to `maxTries`; throws MONITOR with the last error when objects
 * remain after that. A cancel through `signal` rejects with the signal's reason.
 */
export async function cleanupSession(
  engine: ContainerEngine,
  session: string,
  options: CleanupOptions,
): Promise<CleanupReport> {
  const report: CleanupReport = { containers: [], volumes: [], networks: [], attempts: 0, errors: [] };
  const maxTries = options.maxTries ?? 10;
  const settle = [...(options.settleMs ?? [])];
  const pause = options.sleep ?? realSleep;
  while (report.attempts < maxTries) {
    options.signal?.throwIfAborted();
    let removed: number;
    try {
      removed = await removePass(engine, session, options, report);
    } catch (error) {
      report.attempts++;
      const message = error instanceof Error ? error.message : String(error);
      report.errors.push(message);
      options.log(`cleanup pass ${report.attempts} failed: ${message}`);
      if (report.attempts < maxTries) await pause(backoffMs(report.attempts), options.signal);
      continue;
    }
    if (removed > 0) {
      report.attempts++; // look again at once: the next pass verifies this one
      continue;
    }
    const settleMs = settle.shift();
    if (settleMs === undefined) return report;
    await pause(settleMs, options.signal);
  }
  throw new TempfsError('MONITOR', `session ${session}: objects remain after ${maxTries} cleanup passes`, {
    details: report.errors.slice(-3),
  });
}
