/**
 * `up`: models and the project's network and volumes first (the networks begun beside the
 * engine check), then the containers in dependency order with readiness waits, under a
 * monitor that removes the session if this process dies. Resolves to a handle once
 * everything is started (and ready, unless `wait` is false); a failure removes what this
 * call created (unless `keepOnFailure`) and is thrown.
 */
import { isTempfsError, TempfsError } from '../errors.js';
import type { MonitorHandle } from '../monitor/launcher.js';
import { listSessionRecords } from '../monitor/session-record.js';
import { stopMonitor } from '../monitor/stop.js';
import { expiresAt } from '../monitor/ttl.js';
import { buildPlan } from '../plan/plan.js';
import { guardSession } from './guard.js';
import { removeSession, stackHandle, type StackHandle } from './handle.js';
import { resolveInputs, type StackInputs } from './inputs.js';
import { warmUserPatterns } from '../shared/user-pattern.js';
import { warmHttpProbes } from '../readiness/index.js';
import { ensureSessionNetworks } from './networks.js';
import { prepareSession } from './objects.js';
import { existingSession, newSessionId } from './session.js';
import { startStack, type StartStackResult } from './start.js';

export interface UpOptions extends StackInputs {
  /** These containers and what they depend on; default: all. */
  services?: string[];
  /** Wait until every container is ready (default true); false: until started. */
  wait?: boolean;
  /** Give up (READINESS_TIMEOUT) when not done within this. */
  waitTimeoutMs?: number | null;
  /** Containers created at the same time, at most (default: no limit). */
  parallel?: number;
  /** On failure, leave what was created for inspection (the monitor is detached). */
  keepOnFailure?: boolean;
  /** The monitor removes the stack this long after it starts, whether this process lives or not. */
  ttlMs?: number | null;
  /** Each container's own `ttl` from the recipe applies too (a detached start): the monitor removes it then. */
  containerTtls?: boolean;
  /**
   * Join the project's running stack, as a second `up -d` does: unchanged running
   * containers are kept, changed ones recreated, and a failure removes only what this call created.
   */
  join?: boolean;
}

export async function up(options: UpOptions): Promise<StackHandle> {
  try {
    return await upOnce(options, false);
  } catch (error) {
    // No session of the project was on record, so nothing was listed, yet a name is taken:
    // a stack whose monitor is gone (or another state folder's). It is joined as a listing
    // would have: once more, listing first.
    if (!options.join || !isTempfsError(error, 'NAME_CONFLICT')) throw error;
    if ((await options.engine.listContainers({ project: options.project.name })).length === 0) throw error;
    return upOnce(options, true);
  }
}

async function upOnce(options: UpOptions, listFirst: boolean): Promise<StackHandle> {
  const { engine, project } = options;
  const { signal: callerSignal, events, env, monitor: monitorSettings } = resolveInputs(options);
  const plan = buildPlan(project, options.services ?? []);
  const specs = plan.steps.map((s) => project.containers[s.service]!);
  const graceMs = Math.max(...specs.map((s) => s.stop_grace_period));
  const ttlMs = options.ttlMs ?? null;
  const expires = ttlMs === null ? null : expiresAt(ttlMs, Date.now());

  // Nothing that can run beside the first `podman run` waits before it: the version check
  // (remembered per binary), the listing a second `up -d` joins by, the monitor's start and
  // the project's networks (missing after a `down`, needed by `run`) all begin at once, under
  // a fresh session. The monitor is spawned first and holds its end of the pipe from then on,
  // so it cleans up whatever happens to this process; its start-up (a node process) runs
  // while the stack starts, and its ready handshake is awaited only at the end. A monitor
  // that cannot start stops the run: nothing may stay up unwatched.
  const fresh = newSessionId();
  const run = new AbortController();
  let monitorStarting: Promise<MonitorHandle | null> = Promise.resolve(null);
  const guard = (session: string, keepOnOwnerDeath: boolean): Promise<MonitorHandle | null> => {
    if (!monitorSettings) return Promise.resolve(null);
    const starting = guardSession(monitorSettings, { session, project: project.name, graceMs, expiresAt: expires, engineChecked: true, keepOnOwnerDeath });
    // Only the monitor this run ends up with stops it (a released speculative one does not).
    starting.catch((error: unknown) => {
      if (monitorStarting === starting) run.abort(error);
    });
    return starting;
  };
  monitorStarting = guard(fresh, false);
  const checked = engine.version({ cached: true });
  // A stack to join has a session on record (its monitor's) unless its monitor is gone: with
  // none, nothing is listed and a name conflict at create tells (see up()).
  const listing = (async () => {
    if (!options.join) return [];
    if (!listFirst && monitorSettings && (await listSessionRecords(monitorSettings.stateDir, project.name)).length === 0) return [];
    return engine.listContainers({ project: project.name });
  })();
  const networks = ensureSessionNetworks(engine, project, specs, fresh);
  // While the engine makes the network: load RE2 for the log probes whose patterns need it,
  // and node:http(s) for the http probes.
  setImmediate(() => {
    warmUserPatterns(specs.flatMap((s) => (s.ready?.log ? [s.ready.log] : [])));
    warmHttpProbes(specs.flatMap((s) => (s.ready?.http ? [s.ready.http.url] : [])));
  });
  for (const p of [checked, listing, networks]) p.catch(() => {}); // awaited below, in this order
  events({ type: 'plan', services: plan.steps.map((s) => s.service), models: [...new Set(specs.flatMap((s) => s.models))] });

  const created: string[] = [];
  const timeout = options.waitTimeoutMs ? [AbortSignal.timeout(options.waitTimeoutMs)] : [];
  const signal = AbortSignal.any([callerSignal, run.signal, ...timeout]);
  let session = fresh;
  let joined: string | null = null;
  let checkedEngine = false;
  let result: StartStackResult;
  let monitor: MonitorHandle | null;
  let made: Promise<void> = networks;
  try {
    // The version first: its failure explains the others' (the engine missing or too old).
    await checked;
    const existing = await listing;
    checkedEngine = true;
    joined = options.join ? existingSession(existing) : null;
    if (joined) {
      // A running stack to join: its session it is. The fresh monitor is let go and the
      // stack's own monitor hands over to one that keeps the stack should this process die.
      session = joined;
      const speculative = monitorStarting;
      monitorStarting = Promise.resolve(null);
      await (await speculative.catch(() => null))?.release();
      if (monitorSettings) await stopMonitor(joined, monitorSettings.stateDir);
      monitorStarting = guard(joined, true);
    }
    const prepared = await prepareSession({ engine, project, specs, session, signal, events, env, networks });
    made = prepared.made;
    // The containers are issued while the networks are made: their engine processes spawn
    // now (idle time here) and run the moment the networks are there.
    result = await startStack({
      engine,
      project,
      plan,
      session,
      network: prepared.network,
      ready: prepared.made,
      signal,
      events,
      parallel: options.parallel ?? Number.POSITIVE_INFINITY,
      waitReady: options.wait ?? true,
      labels: {},
      modelPaths: prepared.modelPaths,
      existing,
      ttlFor: (spec) => earliest(ttlMs, options.containerTtls ? spec.ttl : null),
      onCreated: (_service, name) => created.push(name),
    });
    monitor = await monitorStarting;
  } catch (error) {
    // Whatever is still being made is waited for, so the removal below finds it.
    await made.catch(() => {});
    const started = await monitorStarting.catch(() => null);
    const failure = timeoutAsError(error, signal, options.waitTimeoutMs);
    if (!checkedEngine) {
      // The engine is missing, too old or failing: no container exists; the networks made
      // meanwhile go if the engine lets them, and that error is the one to report.
      await removeSession(engine, session, { project, events, monitor: null }).catch(() => {});
      await started?.release();
    } else if (options.keepOnFailure && !callerSignal.aborted) {
      await started?.detach();
    } else if (joined) {
      // Joining: only what this call created goes; the running stack stays.
      await engine.removeContainers(created, graceMs);
      await started?.detach();
    } else {
      await removeSession(engine, session, { project, events, monitor: started });
    }
    throw failure;
  }
  return stackHandle({ engine, project, session, containers: result.containers, kept: result.kept, monitor, events });
}

function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function timeoutAsError(error: unknown, signal: AbortSignal, waitTimeoutMs: number | null | undefined): unknown {
  if (signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') {
    return new TempfsError('READINESS_TIMEOUT', `not ready within --wait-timeout ${Math.round((waitTimeoutMs ?? 0) / 1000)}s`, { cause: error });
  }
  return error;
}
