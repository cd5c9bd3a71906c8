/**
 * `tempfs run <container> [--] <cmd...>`: for CI and one-shot prompts. Starts what the
 * container depends on (waiting for its conditions), runs the command in a fresh one-off
 * container of that service attached to this terminal, removes everything it started,
 * and exits with the command's code.
 */
import { randomBytes } from 'node:crypto';
import { Labels } from '../engine/engine.js';
import { startMonitor } from '../monitor/launcher.js';
import { resolveStateDir } from '../monitor/state-dir.js';
import { buildPlan } from '../plan/plan.js';
import type { CommandContext } from './context.js';
import { withProgress } from './stack/progress-done.js';
import { loadForCommand } from './load.js';
import { abortExitCode } from './stack/abort.js';
import { createEngine } from './stack/engine.js';
import { modelMounts, networkAttachments, prepareSession } from './stack/objects.js';
import { removeSession } from './stack/remove-session.js';
import { newSessionId } from './stack/session.js';
import { startStack } from './stack/start-stack.js';

export interface RunCommandOptions {
  service: string;
  /** Empty: the service's own command. */
  argv: string[];
  noTty: boolean;
  env: Record<string, string>;
  /** `--no-deps`: do not start the dependencies. */
  noDeps: boolean;
}

export async function runCommand(ctx: CommandContext, options: RunCommandOptions): Promise<number> {
  return withProgress(ctx, () => run(ctx, options));
}

async function run(ctx: CommandContext, options: RunCommandOptions): Promise<number> {
  const { project } = await loadForCommand(ctx, { services: [options.service], trust: { containers: true, code: false } });
  const plan = buildPlan(project, [options.service]);
  const target = plan.steps.find((s) => s.service === options.service)!;
  const deps = options.noDeps ? [] : plan.steps.filter((s) => s.service !== options.service);
  const base = project.containers[options.service]!;
  // As Compose's run: the service's ports are not published (they would clash with a running stack).
  const spec = { ...base, environment: { ...base.environment, ...options.env }, ports: [] };
  const specs = [...deps.map((s) => project.containers[s.service]!), spec];
  const engine = createEngine(ctx);
  await engine.version();
  ctx.events({ type: 'plan', services: deps.map((s) => s.service), models: [...new Set(specs.flatMap((s) => s.models))] });

  const session = newSessionId();
  const monitor = await startMonitor({
    session,
    project: project.name,
    mode: 'foreground',
    graceMs: Math.max(...specs.map((s) => s.stop_grace_period)),
    stateDir: resolveStateDir(ctx.env),
    engine: engine.connection,
  });
  try {
    const { network, modelPaths } = await prepareSession(ctx, engine, project, specs, session, ctx.signal);
    if (deps.length > 0) {
      await startStack({
        engine,
        project,
        plan: { project: project.name, steps: deps },
        session,
        network,
        signal: ctx.signal,
        events: ctx.events,
        parallel: Number.POSITIVE_INFINITY,
        waitReady: false,
        labels: {},
        modelPaths,
        existing: [],
        onCreated: () => {},
        awaitConditions: target.waitsFor,
      });
    }
    // The one-off owns the terminal from here: the rows must be finished.
    await ctx.progressDone?.();
    const name = `${project.name}-${options.service}-run-${randomBytes(3).toString('hex')}`;
    const tty = ctx.stdinIsTTY && !options.noTty;
    await engine.createContainer({
      spec,
      name,
      project: project.name,
      session,
      network,
      networks: networkAttachments(project, spec),
      labels: { [Labels.oneoff]: 'true' },
      modelMounts: modelMounts(spec, modelPaths),
      command: options.argv.length > 0 ? options.argv : undefined,
      interactive: true,
      tty,
    });
    const result = await engine.startAttached(name, { interactive: true, signal: ctx.signal });
    return result.exitCode;
  } catch (error) {
    if (ctx.signal.aborted) return abortExitCode(ctx.signal);
    throw error;
  } finally {
    await removeSession(engine, session, { events: ctx.events, project, graceMs: 0 });
    await monitor.release();
  }
}
