/**
 * `run`: what a container depends on is started (waiting for its conditions), then the
 * command runs in a fresh one-off container of that service (its ports not published, as
 * Compose's run: they would clash with a running stack), and everything the call started
 * is removed, whatever happened. Resolves to the command's exit code (and output, when captured).
 */
import { randomBytes } from 'node:crypto';
import { Labels, type ExecResult } from '../engine/engine.js';
import { buildPlan } from '../plan/plan.js';
import { guardSession } from './guard.js';
import { removeSession } from './handle.js';
import { resolveInputs, type StackInputs } from './inputs.js';
import { networkAttachments } from './networks.js';
import { modelMounts, prepareSession } from './objects.js';
import { newSessionId } from './session.js';
import { startStack } from './start.js';

export interface RunOptions extends StackInputs {
  service: string;
  /** Default: the service's own command. */
  command?: string[];
  /** Added to the service's environment. */
  environment?: Record<string, string>;
  /** Do not start the dependencies. */
  noDeps?: boolean;
  /** Pass this process's stdio through (default); false captures stdout and stderr. */
  inherit?: boolean;
  tty?: boolean;
  /** Runs once the dependencies hold, before the one-off starts (the CLI ends its progress rows here). */
  beforeStart?: () => Promise<void> | void;
}

export async function run(options: RunOptions): Promise<ExecResult> {
  const { engine, project } = options;
  const { signal, events, env, monitor: monitorSettings } = resolveInputs(options);
  const plan = buildPlan(project, [options.service]);
  const target = plan.steps.find((s) => s.service === options.service)!;
  const deps = options.noDeps ? [] : plan.steps.filter((s) => s.service !== options.service);
  const base = project.containers[options.service]!;
  const spec = { ...base, environment: { ...base.environment, ...options.environment }, ports: [] };
  const specs = [...deps.map((s) => project.containers[s.service]!), spec];
  await engine.version({ cached: true });
  events({ type: 'plan', services: deps.map((s) => s.service), models: [...new Set(specs.flatMap((s) => s.models))] });

  const session = newSessionId();
  const graceMs = Math.max(...specs.map((s) => s.stop_grace_period));
  const monitor = monitorSettings ? await guardSession(monitorSettings, { session, project: project.name, graceMs }) : null;
  let made: Promise<void> = Promise.resolve();
  try {
    const prepared = await prepareSession({ engine, project, specs, session, signal, events, env });
    made = prepared.made;
    const { network, modelPaths } = prepared;
    if (deps.length > 0) {
      await startStack({
        engine,
        project,
        plan: { project: project.name, steps: deps },
        session,
        network,
        ready: made,
        signal,
        events,
        parallel: Number.POSITIVE_INFINITY,
        waitReady: false,
        labels: {},
        modelPaths,
        existing: [],
        onCreated: () => {},
        awaitConditions: target.waitsFor,
      });
    }
    await made;
    await options.beforeStart?.();
    const name = `${project.name}-${options.service}-run-${randomBytes(3).toString('hex')}`;
    const inherit = options.inherit ?? true;
    await engine.createContainer({
      spec,
      name,
      project: project.name,
      session,
      network,
      networks: networkAttachments(project, spec),
      labels: { [Labels.oneoff]: 'true' },
      modelMounts: modelMounts(spec, modelPaths),
      command: options.command?.length ? options.command : undefined,
      interactive: inherit,
      tty: options.tty ?? false,
    });
    return await engine.startAttached(name, { interactive: inherit, inherit, signal });
  } finally {
    await made.catch(() => {}); // still being made: the removal must find it
    await removeSession(engine, session, { project, events, graceMs: 0, monitor });
  }
}
