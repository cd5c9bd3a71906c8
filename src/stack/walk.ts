/**
 * The one graph walker of the orchestrator, for both directions: `up` walks the
 * dependency graph (a container waits for what it depends on), removal walks it reversed
 * (a container waits until what depends on it is gone). Event driven: a node is visited as
 * soon as what it waits for holds, not when a whole wave is done, so independent nodes run
 * side by side. An edge may wait for a milestone of its target short of the end of its
 * visit (`started`, `ready`): the visitor marks those with `reach`.
 *
 * The first failure cancels the rest (through the signal visits receive) and is what the
 * walk throws; nodes that waited on a failed node fail with its error, unvisited.
 */
import { findCycle } from '../shared/dependency-cycle.js';
import { Gate } from './gates.js';

/** The milestone every node reaches when its visit ends. */
export const DONE = 'done';

export interface WalkEdge {
  /** The node waited for. Edges to nodes outside the graph are ignored. */
  node: string;
  /** What it must have reached; default DONE. */
  milestone?: string;
}

export interface VisitContext {
  /** Cancelled by the caller's signal or by the first failure of the walk. */
  signal: AbortSignal;
  /** Opens a milestone of a node before its visit ends (a container started, before it is ready). */
  reach(node: string, milestone: string): void;
}

export interface WalkOptions {
  /** Every node, in a stable order, with what it waits for. */
  graph: ReadonlyMap<string, readonly WalkEdge[]>;
  signal: AbortSignal;
  /**
   * Nodes that become free together are visited in one call (removal: one `rm` per wave,
   * much cheaper than a process per container); otherwise each node has a call of its own.
   */
  batch?: boolean;
  visit(nodes: string[], context: VisitContext): Promise<void>;
  /** A node with something to wait for starts waiting (for a `pending` event). */
  onWaiting?(node: string, edges: readonly WalkEdge[]): void;
  /**
   * Nodes that fail with the error the walk will throw: the node that failed first, then each
   * that waited on it (a `failed` row each, as before); never when the caller's own signal cancelled the walk.
   */
  onFailure?(nodes: string[], error: unknown): void;
}

export async function walk(options: WalkOptions): Promise<void> {
  const failed = new AbortController();
  const signal = AbortSignal.any([options.signal, failed.signal]);
  const graph = withoutCycles(options.graph);
  const gates = new Map<string, Map<string, Gate>>();
  const failures = new Map<string, unknown>();
  let firstError: { error: unknown } | undefined;

  const gate = (node: string, milestone: string): Gate => {
    const own = gates.get(node) ?? gates.set(node, new Map()).get(node)!;
    let g = own.get(milestone);
    if (!g) {
      own.set(milestone, (g = new Gate()));
      if (failures.has(node)) g.fail(failures.get(node));
    }
    return g;
  };
  const context: VisitContext = { signal, reach: (node, milestone) => gate(node, milestone).open() };
  const finish = (nodes: string[]): void => {
    for (const node of nodes) {
      gate(node, DONE);
      for (const g of gates.get(node)!.values()) g.open();
    }
  };
  const fail = (nodes: string[], error: unknown): void => {
    for (const node of nodes) {
      failures.set(node, error);
      for (const g of gates.get(node)?.values() ?? []) g.fail(error);
    }
    if (firstError === undefined && !signal.aborted) firstError = { error };
    if (firstError === undefined && options.signal.aborted) firstError = { error: options.signal.reason };
    failed.abort(error);
    if (!options.signal.aborted && firstError?.error === error) options.onFailure?.(nodes, error);
  };
  const waitFor = async (node: string): Promise<void> => {
    const edges = graph.get(node)!.filter((e) => graph.has(e.node));
    if (edges.length > 0) {
      options.onWaiting?.(node, edges);
      await Promise.all(edges.map((e) => gate(e.node, e.milestone ?? DONE).promise));
    }
    signal.throwIfAborted();
  };

  const visitOne = async (node: string): Promise<void> => {
    try {
      await waitFor(node);
      await options.visit([node], context);
      finish([node]);
    } catch (error) {
      fail([node], error);
      throw error;
    }
  };

  // Batches: nodes freed in the same turn of the event loop are collected, then visited together.
  let pending: { node: string; settle: (error?: unknown) => void }[] = [];
  const flush = (): void => {
    const batch = pending;
    pending = [];
    const nodes = batch.map((b) => b.node);
    const visited = signal.aborted ? Promise.reject(signal.reason) : options.visit(nodes, context);
    visited.then(
      () => {
        finish(nodes);
        for (const b of batch) b.settle();
      },
      (error: unknown) => {
        fail(nodes, error);
        for (const b of batch) b.settle(error);
      },
    );
  };
  const queue = (node: string): Promise<void> =>
    new Promise<void>((resolve, reject) => pending.push({ node, settle: (error) => (error === undefined ? resolve() : reject(error)) }));
  const enqueue = (node: string): Promise<void> => {
    if (pending.length === 0) setImmediate(flush);
    return queue(node);
  };
  const visitBatched = async (node: string): Promise<void> => {
    try {
      await waitFor(node);
    } catch (error) {
      fail([node], error);
      throw error;
    }
    await enqueue(node);
  };

  const nodes = [...graph.keys()];
  let runs: Promise<void>[];
  if (options.batch) {
    // The first wave goes out at once: a removal's `rm` should not wait for a turn of the loop.
    const free = nodes.filter((n) => graph.get(n)!.every((e) => !graph.has(e.node)));
    const first = free.map(queue);
    if (free.length > 0) flush();
    runs = [...first, ...nodes.filter((n) => !free.includes(n)).map(visitBatched)];
  } else {
    runs = nodes.map(visitOne);
  }
  const results = await Promise.allSettled(runs);
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw firstError ? firstError.error : rejected.reason;
}

/** A cycle cannot come from a checked recipe, but odd labels must never hang a removal: then no order at all. */
function withoutCycles(graph: ReadonlyMap<string, readonly WalkEdge[]>): ReadonlyMap<string, readonly WalkEdge[]> {
  const edges = new Map([...graph].map(([node, list]) => [node, list.map((e) => e.node)]));
  if (!findCycle(edges)) return graph;
  return new Map([...graph.keys()].map((node) => [node, []]));
}
