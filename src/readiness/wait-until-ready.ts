/**
 * The composite readiness wait: every probe of a ReadySpec runs concurrently and all
 * must pass before `spec.timeout`. The container exiting first fails at once; a user
 * abort rejects with the signal's reason, never as a timeout.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerEngine } from '../engine/engine.js';
import { TempfsError } from '../errors.js';
import type { ReadySpec } from '../recipe/model.js';
import { describeExit, exitAfterLogs, watchExit, type ContainerExit } from './exit-watch.js';
import { formatDuration } from '../shared/units.js';
import { describeProbes } from './format.js';
import { LogFollower } from './log-follower.js';
import { Nudge } from './nudge.js';
import type { Probe, ProbeKind } from './probe.js';
import { probesOf } from './probes.js';
import { logsSinceThisStart } from './this-start.js';
import { waitUntilRunning } from './wait-until-running.js';

export interface ReadinessProgress {
  probe: ProbeKind;
  /** `waiting for log /listening on/`, or `log /listening on/ passed`. */
  detail: string;
  /** The probe's latest state (`1 of 2 matches`, `last status 503`), '' when none. */
  state: string;
  passed: boolean;
  /** Milliseconds since the wait began. */
  elapsedMs: number;
}

export interface WaitUntilReadyOptions {
  engine: ContainerEngine;
  /** Full container name. */
  container: string;
  /** Service name, used in messages. */
  service: string;
  spec: ReadySpec;
  signal?: AbortSignal;
  onProgress?: (progress: ReadinessProgress) => void;
  /**
   * The container was created by this very run and started once (`podman run -d`): its
   * whole log is this start's, so no inspect is needed to find where this start begins.
   * Never for a kept or restarted container, whose earlier runs' lines must not count.
   */
  fresh?: boolean;
  /**
   * The container removes itself when it exits (`--rm`): by the end of its log stream its
   * exit code may be gone with it, so `podman wait` watches it from the start instead.
   */
  autoRemove?: boolean;
  /** Clock for elapsed times (tests); Date.now by default. */
  now?: () => number;
  /** The timer of the deadline, given `spec.timeout` (tests end it when they choose); a real sleep by default. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const realSleep = (ms: number, signal: AbortSignal): Promise<void> => sleep(ms, undefined, { signal });

/** How long an exited container's last lines may take to arrive for the error details. */
const DRAIN_MS = 1_000;

export async function waitUntilReady(options: WaitUntilReadyOptions): Promise<void> {
  const { engine, container, service, spec } = options;
  const now = options.now ?? Date.now;
  const began = now();
  const elapsed = (): number => now() - began;
  const probes = probesOf(spec);
  if (probes.length === 0) return waitUntilRunning({ engine, container, service, interval: spec.interval, signal: options.signal });

  const finished = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, finished.signal]) : finished.signal;
  const report = (probe: Probe, passed: boolean): void =>
    options.onProgress?.({
      probe: probe.kind,
      detail: passed ? `${probe.label} passed` : `waiting for ${probe.label}`,
      state: probe.state(),
      passed,
      elapsedMs: elapsed(),
    });
  try {
    const since = options.fresh ? undefined : await logsSinceThisStart(engine, container);
    const logs = new LogFollower(engine, container, since, signal);
    const pending = new Set(probes);
    const nudge = new Nudge();
    const runs = probes.map((probe) => {
      report(probe, false);
      const ctx = { engine, container, signal, interval: spec.interval, logs, nudge, changed: () => report(probe, false) };
      return probe.run(ctx).then(() => {
        pending.delete(probe);
        report(probe, true);
        nudge.wake();
      });
    });
    const outcome: 'ready' | 'timeout' | ContainerExit = await Promise.race([
      Promise.all(runs).then(() => 'ready' as const),
      (options.sleep ?? realSleep)(spec.timeout, signal).then(() => 'timeout' as const),
      options.autoRemove
        ? watchExit(engine, container, spec.interval, signal)
        : exitAfterLogs(logs, engine, container, spec.interval, signal),
    ]);
    if (outcome === 'ready') return;
    const waitingFor = describeProbes(pending);
    if (outcome === 'timeout') {
      throw new TempfsError('READINESS_TIMEOUT', `${service}: not ready after ${formatDuration(elapsed())}: waiting for ${waitingFor}`, {
        details: logs.tail(),
        hint: `If ${service} is only slow to start, raise ready.timeout in the recipe.`,
      });
    }
    const message = `${service}: ${describeExit(outcome)} after ${formatDuration(elapsed())}, before it was ready (waiting for ${waitingFor})`;
    // `podman logs -f` ends shortly after the exit; give the last lines a moment to arrive.
    await Promise.race([logs.done, sleep(DRAIN_MS, undefined, { ref: false })]);
    throw new TempfsError('CONTAINER_EXITED', message, { details: logs.tail() });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  } finally {
    finished.abort();
  }
}
