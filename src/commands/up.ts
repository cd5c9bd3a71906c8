/**
 * `tempfs up`: models first, then the containers in dependency order with readiness
 * waits, under a detached monitor that removes the session if this process dies.
 * Foreground: stream every container's output until Ctrl-C/SIGTERM or until all have
 * stopped, then remove everything. `-d`: return once ready and leave the stack running
 * (with an optional TTL).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Labels, type ContainerEngine } from '../engine/engine.js';
import { TempfsError } from '../errors.js';
import { startMonitor, type MonitorHandle } from '../monitor/launcher.js';
import { resolveStateDir } from '../monitor/state-dir.js';
import { stopMonitor } from '../monitor/stop.js';
import { expiresAt, ttlCreateArgs } from '../monitor/ttl.js';
import { buildPlan } from '../plan/plan.js';
import type { Project } from '../recipe/model.js';
import type { CommandContext } from './context.js';
import { withProgress } from './stack/progress-done.js';
import { loadForCommand } from './load.js';
import { createEngine } from './stack/engine.js';
import { prepareSession } from './stack/objects.js';
import { removeSession } from './stack/remove-session.js';
import { existingSession, newSessionId } from './stack/session.js';
import { startStack } from './stack/start-stack.js';
import { streamLogs } from './stack/stream-logs.js';
import { openTerminal, terminalFor } from './terminal.js';
import { abortExitCode } from './stack/abort.js';

export interface UpOptions {
  services: string[];
  detach: boolean;
  /** `-d` waits for readiness unless --no-wait. */
  wait: boolean;
  waitTimeoutMs: number | null;
  parallel: number;
  keepOnFailure: boolean;
  /** `--ttl`; null: the recipe's `ttl`, if any. */
  ttlMs: number | null;
  /** Foreground on a TTY: open the interactive terminal once ready (the CLI's default; `--no-shell` streams logs). */
  shell?: boolean;
}

export async function upCommand(ctx: CommandContext, options: UpOptions): Promise<number> {
  return withProgress(ctx, () => up(ctx, options));
}

async function up(ctx: CommandContext, options: UpOptions): Promise<number> {
  // The terminal (and the recipe's command modules) opens only in the foreground on a TTY.
  const opensTerminal = !options.detach && options.shell === true && ctx.stdinIsTTY && ctx.isTTY;
  const { project } = await loadForCommand(ctx, { services: options.services, trust: { containers: true, code: opensTerminal } });
  const plan = buildPlan(project, options.services);
  const engine = createEngine(ctx);
  // The listing runs beside the version check; a failure is reported after that check,
  // which explains it better (Podman missing or too old).
  const listing = options.detach ? engine.listContainers({ project: project.name }) : Promise.resolve([]);
  listing.catch(() => {});
  await engine.version();
  const existing = await listing;
  const stateDir = resolveStateDir(ctx.env);
  const joined = options.detach ? existingSession(existing) : null;
  const session = joined ?? newSessionId();
  const specs = plan.steps.map((s) => project.containers[s.service]!);
  const graceMs = Math.max(...specs.map((s) => s.stop_grace_period));
  const ttlMs = options.detach ? (options.ttlMs ?? project.ttl) : null;
  const expires = ttlMs === null ? null : expiresAt(ttlMs, Date.now());
  ctx.events({ type: 'plan', services: plan.steps.map((s) => s.service), models: [...new Set(specs.flatMap((s) => s.models))] });

  if (joined) await stopMonitor(joined, stateDir);
  // The monitor process is spawned at once and holds its end of the pipe from then on, so
  // it cleans up whatever happens to this process; its start-up (a node process and a
  // Podman check) runs while the stack starts instead of before it. A monitor that cannot
  // start stops the run: nothing may stay up unwatched.
  const run = new AbortController();
  const monitorStarting = startMonitor({
    session,
    project: project.name,
    mode: 'foreground',
    expiresAt: expires,
    graceMs,
    stateDir,
    engine: engine.connection,
    podmanChecked: true, // engine.version() above
    // Joining a running stack: if this CLI dies, that stack stays (as before this `up`).
    keepOnOwnerDeath: joined !== null,
  });
  monitorStarting.catch((error: unknown) => run.abort(error));

  const created: string[] = [];
  const signal = AbortSignal.any([ctx.signal, run.signal, ...(options.waitTimeoutMs ? [AbortSignal.timeout(options.waitTimeoutMs)] : [])]);
  let result;
  let monitor: MonitorHandle;
  try {
    const { network, modelPaths } = await prepareSession(ctx, engine, project, specs, session, signal);
    result = await startStack({
      engine,
      project,
      plan,
      session,
      network,
      signal,
      events: ctx.events,
      parallel: options.parallel,
      waitReady: !options.detach || options.wait,
      labels: expires === null ? {} : { [Labels.expires]: String(expires) },
      modelPaths,
      existing,
      extraCreateArgs: ttlCreateArgs(ttlMs),
      onCreated: (_service, name) => created.push(name),
    });
    monitor = await monitorStarting;
  } catch (error) {
    const started = await monitorStarting.catch(() => null);
    const failure = timeoutAsError(error, signal, options.waitTimeoutMs);
    if (options.keepOnFailure && !ctx.signal.aborted) {
      await started?.detach();
      ctx.events({ type: 'message', level: 'warn', text: `kept what this up created for inspection (--keep-on-failure); remove it with: tempfs down` });
    } else if (joined) {
      // A second `up -d` removes only what it created; the running stack stays.
      await engine.removeContainers(created, graceMs);
      await started?.detach();
    } else {
      await cleanUp(ctx, engine, session, started, project);
    }
    if (ctx.signal.aborted) return abortExitCode(ctx.signal);
    throw failure;
  }

  await ctx.progressDone?.();
  if (options.detach) {
    await monitor.detach();
    const names = Object.keys(result.containers);
    ctx.events({ type: 'message', level: 'info', text: `${project.name}: ${names.length} container${names.length === 1 ? '' : 's'} ${options.wait ? 'ready' : 'started'}${ttlMs === null ? '' : `, removed in ${Math.round(ttlMs / 1000)}s (TTL)`}; stop with: tempfs down` });
    return 0;
  }

  // Foreground in a terminal: the interactive shell; `exit` (or Ctrl-D) takes the stack down.
  const terminal = opensTerminal ? terminalFor(project, Object.keys(result.containers)) : null;
  if (terminal) {
    ctx.stderr.write(`${project.name} is ready. Terminal of ${terminal} (help lists its commands; output: tempfs logs -f; exit takes the stack down)\n`);
    try {
      await openTerminal(ctx, project, terminal);
    } finally {
      await cleanUp(ctx, engine, session, monitor, project);
    }
    return ctx.signal.aborted ? abortExitCode(ctx.signal) : 0;
  }

  // Foreground: show every container's output until interrupted or all have stopped.
  let streamError: unknown;
  await streamLogs({ engine, containers: result.containers, out: ctx.stdout, color: ctx.color, signal, follow: true, prefix: true }).catch(
    async (error: unknown) => {
      // `podman logs` shares our process group, so a Ctrl-C reaches it too and it may end
      // a moment before our own handler runs: give the signal that moment before blaming it.
      await sleep(250);
      if (!signal.aborted) streamError = error;
    },
  );
  await cleanUp(ctx, engine, session, monitor, project);
  if (ctx.signal.aborted) return abortExitCode(ctx.signal);
  if (streamError !== undefined) throw streamError;
  return 0;
}

/** Remove the session in reverse order, then let the monitor go (it has nothing left to do). */
async function cleanUp(ctx: CommandContext, engine: ContainerEngine, session: string, monitor: MonitorHandle | null, project: Project): Promise<void> {
  await removeSession(engine, session, { events: ctx.events, project });
  await monitor?.release();
}

function timeoutAsError(error: unknown, signal: AbortSignal, waitTimeoutMs: number | null): unknown {
  if (signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError') {
    return new TempfsError('READINESS_TIMEOUT', `not ready within --wait-timeout ${Math.round((waitTimeoutMs ?? 0) / 1000)}s`, { cause: error });
  }
  return error;
}
