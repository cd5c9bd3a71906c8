/**
 * Removal, the one way everything goes: a session's objects (a handle's `down`, a failed
 * `up`, the end of `run`) or a whole project's (`tempfs down`). Containers go in reverse
 * dependency order, walked by the same walker as `up` with the graph reversed: a container
 * goes once every container that depends on it is gone. Containers freed together are one
 * `rm -f -t GRACE` call (the engine stops them in parallel: SIGTERM, SIGKILL after the
 * grace), much cheaper than a process per container. Then the Pods left (`kube --play`),
 * the volumes and the networks.
 *
 * A whole project whose containers need no order (no `depends_on` among them) goes in one
 * `rm` by label, with no listing before it: the `ps` of a project is as long as a quarter
 * of the removal it would precede (see bench/up-down.mjs).
 */
import { Labels, podsOf, type ContainerEngine, type ContainerInfo, type LabelFilter } from '../engine/engine.js';
import type { EventSink } from '../events.js';
import { sessionNetworks } from '../monitor/cleanup.js';
import type { Project } from '../recipe/model.js';
import { projectNetworks } from './networks.js';
import { walk, type WalkEdge } from './walk.js';

const DEFAULT_GRACE_MS = 10_000;

export interface RemoveOptions {
  engine: ContainerEngine;
  containers: readonly ContainerInfo[];
  /** The recipe, when it could be loaded: gives dependencies and grace periods. */
  project: Project | null;
  events: EventSink;
  /** `down -t`: overrides every container's stop_grace_period. */
  graceMs?: number;
  signal?: AbortSignal;
}

export async function removeInReverseOrder(options: RemoveOptions): Promise<void> {
  const byName = new Map(options.containers.map((c) => [c.name, c]));
  await walk({
    graph: reverseGraph(options.containers, options.project),
    signal: options.signal ?? new AbortController().signal,
    batch: true,
    visit: async (names) => {
      const batch = names.map((n) => byName.get(n)!);
      const grace = Math.max(...batch.map((c) => graceOf(c, options)));
      for (const c of batch) options.events({ type: 'container', service: serviceOf(c), status: 'stopping' });
      const began = Date.now();
      await options.engine.removeContainers(names, grace);
      for (const c of batch) options.events({ type: 'container', service: serviceOf(c), status: 'removed', elapsedMs: Date.now() - began });
    },
  });
}

/** Container -> the containers that depend on it (they go first). */
function reverseGraph(containers: readonly ContainerInfo[], project: Project | null): Map<string, WalkEdge[]> {
  const dependents = (c: ContainerInfo): WalkEdge[] => {
    if (!project) return [];
    const service = serviceOf(c);
    return containers.filter((other) => other !== c && service in (project.containers[serviceOf(other)]?.depends_on ?? {})).map((o) => ({ node: o.name }));
  };
  return new Map(containers.map((c) => [c.name, dependents(c)]));
}

export interface RemovalScope {
  /** One session's objects, or a whole project's. */
  filter: { session: string } | { project: string };
  project: Project | null;
  events: EventSink;
  graceMs?: number;
  /** Named volumes too (`down -v`); otherwise only the session-owned (ephemeral) ones. */
  volumes?: boolean;
  /** A session's removal leaves the project's networks (they are held: see hold.ts). */
  keepNetworks?: boolean;
  /** Runs once the containers are listed, before any goes (`down` stops their monitors here). */
  beforeRemoval?: (containers: readonly ContainerInfo[]) => Promise<void> | void;
  /** A project's removal may make one `rm` by label, unlisted (no `beforeRemoval` then). */
  unordered?: { pods: boolean };
}

export interface RemovalReport {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** The one removal of a session or a project; see the top of this file. */
export async function removeObjects(engine: ContainerEngine, scope: RemovalScope): Promise<RemovalReport> {
  const filter: LabelFilter = scope.filter;
  const projectScope = 'project' in scope.filter;
  const atOnce = scope.unordered !== undefined && projectScope && !needsOrder(scope);
  // The ordered removal lists first; that listing is on the critical path, so nothing competes with it.
  const listed = atOnce ? null : await engine.listContainers(filter);
  if (listed) await scope.beforeRemoval?.(listed);
  // The removal's `rm` is spawned first (a spawn blocks this thread a few ms).
  const removal = listed
    ? removeInReverseOrder({ engine, containers: listed, project: scope.project, events: scope.events, graceMs: scope.graceMs }).then(() =>
        listed.map((c) => c.name),
      )
    : engine.removeLabelled(filter, scope.graceMs ?? maxGrace(scope.project)).then((ids) => ids.map((id) => id.slice(0, 12)));
  // Pods (`tempfs kube --play`) still hold their infra containers, and with them the network:
  // found through the listed containers, or by label where a session of the project made some.
  const listedPods = listed ? podsOf(listed) : null;
  const podsKnown = listed !== null || scope.unordered?.pods === true;
  // Session-owned (ephemeral) volumes are made only for Pods; named ones go with `down -v`. A
  // project's removal lists volumes only then: every engine call beside the `rm` slows it on 2 cores.
  const mayHavePods = listedPods ? listedPods.length > 0 : podsKnown;
  const listVolumes = () => engine.listVolumes(scope.volumes ? filter : { ...filter, ephemeral: 'true' });
  let volumes = !projectScope || scope.volumes || mayHavePods ? listVolumes() : null;
  volumes?.catch(() => {}); // awaited below; a failure counts only once the containers are gone
  const removePods = async () => engine.removePods(listedPods ?? (await engine.listPods(filter)), 0);
  const cleared = removal.then(async () => {
    if (podsKnown) await removePods();
  });
  cleared.catch(() => {}); // awaited below, after the removal, whose failure is the one reported
  // A project's prune is issued beside the removal (its process spawns now, not after it) and
  // runs once the containers and Pods are gone; when they fail, it never runs.
  const firstPrune = projectScope ? engine.pruneNetworks(filter, { after: cleared }) : null;
  firstPrune?.catch(() => {}); // the removal's own failure is the one reported
  const containers = await removal;
  await cleared;
  const networks = firstPrune ? await pruneProjectNetworks(firstPrune) : await removeSessionNetworks();
  const volumeNames = (await volumes) ?? [];
  await Promise.all(volumeNames.map((v) => engine.removeVolume(v)));
  return { containers, networks, volumes: volumeNames };

  /** A project's networks: one prune by label once its containers are gone, no listing. */
  async function pruneProjectNetworks(first: Promise<string[]>): Promise<string[]> {
    const pruned = await first;
    const expected = scope.project ? projectNetworks(scope.project) : null;
    if (podsKnown || (expected !== null && expected.every((n) => pruned.includes(n)))) return pruned;
    // A network of the recipe that did not go may be held by a Pod no session announced (its
    // record lost): its Pods, then its networks again, and its ephemeral volumes.
    await removePods();
    volumes ??= listVolumes();
    return [...pruned, ...(await engine.pruneNetworks(filter))];
  }

  /** A session's networks go only once no other session of the project uses them (see sessionNetworks), unless they are held. */
  async function removeSessionNetworks(): Promise<string[]> {
    if (scope.keepNetworks) return [];
    const found = await sessionNetworks(engine, (scope.filter as { session: string }).session, scope.project?.name);
    const removeAll = () => Promise.all(found.map((n) => engine.removeNetwork(n)));
    await (podsKnown ? removeAll() : removeAll().catch(async () => {
      await removePods();
      await removeAll();
    }));
    return found;
  }
}

/** Compose's order (dependents first, each batch stopped before the next) wherever a container depends on another, even with no grace. */
function needsOrder(scope: RemovalScope): boolean {
  return Object.values(scope.project?.containers ?? {}).some((c) => Object.keys(c.depends_on).length > 0);
}

/** With no recipe every container gets the default grace, as in the ordered removal. */
function maxGrace(project: Project | null): number {
  if (!project) return DEFAULT_GRACE_MS;
  return Math.max(0, ...Object.values(project.containers).map((c) => c.stop_grace_period));
}

function serviceOf(c: ContainerInfo): string {
  return c.labels[Labels.service] ?? c.name;
}

function graceOf(c: ContainerInfo, options: RemoveOptions): number {
  if (options.graceMs !== undefined) return options.graceMs;
  return options.project?.containers[serviceOf(c)]?.stop_grace_period ?? DEFAULT_GRACE_MS;
}
