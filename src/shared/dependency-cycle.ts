/**
 * Pure graph helpers over "service -> the services it depends on": the recipe checks a
 * cycle with its position, the plan refuses one; both word it here.
 * Everything iterates in sorted order so results (and error messages) are repeatable.
 */

export type DependencyEdges = ReadonlyMap<string, readonly string[]>;

/**
 * The first dependency cycle found, as a closed path starting and ending at the
 * alphabetically smallest member (`['a', 'b', 'a']`), or null when the graph is acyclic.
 * Edges to unknown nodes are ignored (they are reported elsewhere).
 */
export function findCycle(edges: DependencyEdges): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const visit = (node: string): string[] | null => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const dep of [...(edges.get(node) ?? [])].sort()) {
      if (!edges.has(dep)) continue;
      const seen = state.get(dep);
      if (seen === 'visiting') return rotate(stack.slice(stack.indexOf(dep)));
      if (seen === undefined) {
        const found = visit(dep);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };

  for (const node of [...edges.keys()].sort()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

/** Rotate a cycle so it starts at its smallest member, then close it. */
function rotate(cycle: string[]): string[] {
  const start = cycle.indexOf([...cycle].sort()[0]!);
  const ordered = [...cycle.slice(start), ...cycle.slice(0, start)];
  return [...ordered, ordered[0]!];
}

/** `dependency cycle: a -> b -> a` */
export function describeCycle(cycle: readonly string[]): string {
  return `dependency cycle: ${cycle.join(' -> ')}`;
}
