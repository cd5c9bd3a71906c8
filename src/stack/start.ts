/**
 * Start a planned stack, event driven: each container starts as soon as the conditions
 * it depends on hold (not when a whole wave is done), independent ones in parallel up to
 * `parallel` creations at a time. A container whose config hash is unchanged and that is
 * running is kept (a second `up -d`); one that changed is recreated. The first real
 * failure aborts everything else and is the error reported; the caller removes what
 * `created` lists.
 */
import { configHash } from '../engine/config-hash.js';
import { Labels, type ContainerEngine, type ContainerInfo } from '../engine/engine.js';
import { containerName } from '../engine/naming.js';
import type { EventSink } from '../events.js';
import type { Plan, PlanWait } from '../plan/plan.js';
import { waitForCondition, waitUntilReady } from '../readiness/index.js';
import type { ContainerSpec, DependencyCondition, Project } from '../recipe/model.js';
import { ttlCreateArgs, ttlLabels } from '../monitor/ttl.js';
import { Limiter } from './gates.js';
import { networkAttachments } from './networks.js';
import { modelMounts } from './objects.js';
import { walk, type VisitContext, type WalkEdge } from './walk.js';

export interface StartStackOptions {
  engine: ContainerEngine;
  project: Project;
  plan: Plan;
  session: string;
  network: string;
  signal: AbortSignal;
  events: EventSink;
  /** Containers created at the same time, at most. */
  parallel: number;
  /** Wait until every container of the plan is ready (`up -d` without --no-wait, foreground up). */
  waitReady: boolean;
  /** Labels added to every container. */
  labels: Record<string, string>;
  /** Model name -> host file, for the read-only mounts. */
  modelPaths: Record<string, string>;
  /**
   * The networks and volumes the containers need, while they are still being made: each
   * container's engine call is issued at once and runs when this fulfils (CreateRequest.after).
   */
  ready?: Promise<void>;
  /** The project's containers before this run (to keep the unchanged ones). */
  existing: readonly ContainerInfo[];
  /** Extra `podman create` arguments. */
  extraCreateArgs?: string[];
  /** A container's TTL from its start (its expiry label and the engine's `--timeout`), null: none. */
  ttlFor?: (spec: ContainerSpec) => number | null;
  /** Called just before a container is created, so the caller can remove it on failure. */
  onCreated: (service: string, name: string) => void;
  /** Conditions of something outside the plan (the one-off of `tempfs run`) to hold before returning. */
  awaitConditions?: PlanWait[];
}

export interface StartStackResult {
  /** service -> container name */
  containers: Record<string, string>;
  kept: string[];
}

/** The node a `tempfs run` one-off stands for: it waits on its dependencies like any container. */
const AWAITED = '\0awaited';

export async function startStack(options: StartStackOptions): Promise<StartStackResult> {
  const { plan, project } = options;
  const needs = conditionsNeeded(plan, options.awaitConditions ?? []);
  const limiter = new Limiter(Math.max(1, options.parallel));
  // Once made, nothing waits on them: the later containers' calls are not gated.
  let made = options.ready === undefined;
  options.ready?.then(() => (made = true), () => {});
  const after = (): Promise<void> | undefined => (made ? undefined : options.ready);
  const containers: Record<string, string> = {};
  const kept: string[] = [];
  const graph = new Map<string, WalkEdge[]>(plan.steps.map((s) => [s.service, s.waitsFor.map(edgeOf)]));
  if (options.awaitConditions?.length) graph.set(AWAITED, options.awaitConditions.map(edgeOf));

  const visit = async ([service]: string[], { signal, reach }: VisitContext): Promise<void> => {
    if (service === AWAITED) return;
    const spec = project.containers[service!]!;
    const name = spec.container_name ?? containerName(project.name, spec.name);
    containers[spec.name] = name;
    // A one-shot (someone waits for it to complete) is "ready" when it has completed, unless it has probes.
    const oneShot = Boolean(needs.get(spec.name)?.has('completed_successfully'));
    const reused = await limiter.run(() => createOrKeep(options, spec, name, signal, oneShot, after()));
    if (reused) kept.push(spec.name);
    reach(spec.name, 'started');
    const waits: Promise<void>[] = [];
    if (oneShot) {
      const completion = waitForCondition(options.engine, name, 'completed_successfully', spec.ready, signal, { service: spec.name });
      waits.push(
        completion.then(() => {
          reach(spec.name, 'completed_successfully');
          if (!spec.ready) reach(spec.name, 'ready');
          options.events({ type: 'container', service: spec.name, status: 'exited', detail: 'completed successfully' });
        }),
      );
    }
    if ((options.waitReady || needs.get(spec.name)?.has('ready')) && spec.ready) {
      waits.push(waitReady(options, { ...spec, ready: spec.ready }, name, signal, !reused).then(() => reach(spec.name, 'ready')));
    } else if (!oneShot) {
      reach(spec.name, 'ready');
    }
    await Promise.all(waits);
  };

  await walk({
    graph,
    signal: options.signal,
    visit,
    onWaiting: (service, edges) => {
      if (service === AWAITED) return;
      options.events({ type: 'container', service, status: 'pending', detail: `until ${edges.map((e) => `${e.node} is ${e.milestone!.replace(/_/g, ' ')}`).join(', ')}` });
    },
    onFailure: ([service], error) => {
      if (service !== AWAITED) options.events({ type: 'container', service: service!, status: 'failed', detail: errorText(error) });
    },
  });
  return { containers, kept };
}

function edgeOf(wait: PlanWait): WalkEdge {
  return { node: wait.service, milestone: wait.condition };
}

/** Which conditions someone waits on, per service. */
function conditionsNeeded(plan: Plan, extra: readonly PlanWait[]): Map<string, Set<DependencyCondition>> {
  const needs = new Map<string, Set<DependencyCondition>>();
  for (const w of [...plan.steps.flatMap((s) => s.waitsFor), ...extra]) {
    needs.set(w.service, (needs.get(w.service) ?? new Set()).add(w.condition));
  }
  return needs;
}

async function createOrKeep(options: StartStackOptions, spec: ContainerSpec, name: string, signal: AbortSignal, oneShot: boolean, after: Promise<void> | undefined): Promise<boolean> {
  const { engine, events } = options;
  const service = spec.name;
  const ttlMs = options.ttlFor?.(spec) ?? null;
  const extraArgs = [...(options.extraCreateArgs ?? []), ...ttlCreateArgs(ttlMs)];
  const hash = configHash(spec, { models: options.modelPaths, extra: extraArgs });
  const current = options.existing.find((c) => c.name === name);
  if (current && current.labels[Labels.configHash] === hash && current.state === 'running') {
    events({ type: 'container', service, status: 'running', detail: 'unchanged' });
    return true;
  }
  const began = Date.now();
  if (current) {
    events({ type: 'container', service, status: 'stopping', detail: 'recreating: its recipe changed' });
    await engine.removeContainers([name], spec.stop_grace_period);
  }
  signal.throwIfAborted();
  events({ type: 'container', service, status: 'starting' });
  options.onCreated(service, name);
  // Create and start in one `podman run -d`: one podman process per container instead of two.
  await engine.createContainer({
    spec,
    name,
    project: options.project.name,
    session: options.session,
    network: options.network,
    networks: networkAttachments(options.project, spec),
    labels: { [Labels.configHash]: hash, ...options.labels, ...ttlLabels(ttlMs, Date.now()) },
    modelMounts: modelMounts(spec, options.modelPaths),
    extraArgs,
    start: true,
    after,
  });
  events({ type: 'container', service, status: spec.ready || oneShot ? 'running' : 'ready', elapsedMs: Date.now() - began });
  return false;
}

/** `fresh`: created by this run (not kept), so its whole log is this start's: no inspect to find where it begins. */
async function waitReady(options: StartStackOptions, spec: ContainerSpec & { ready: NonNullable<ContainerSpec['ready']> }, name: string, signal: AbortSignal, fresh: boolean): Promise<void> {
  const { engine, events } = options;
  const service = spec.name;
  const began = Date.now();
  await waitUntilReady({
    engine,
    container: name,
    service,
    spec: spec.ready,
    signal,
    fresh,
    autoRemove: spec.ephemeral,
    onProgress: (p) => {
      // Passed probes are reported too: a reader of `--progress json` sees each one settle, not only those still waited for.
      events({ type: 'container', service, status: 'waiting', detail: `${p.detail.replace(/^waiting /, '')}${p.state ? ` (${p.state})` : ''}`, elapsedMs: p.elapsedMs, probePassed: p.passed });
    },
  });
  events({ type: 'container', service, status: 'ready', elapsedMs: Date.now() - began });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
