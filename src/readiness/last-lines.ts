/** The last log lines of a container, for failure details; empty when they cannot be read. */
import type { ContainerEngine } from '../engine/engine.js';
import { TAIL_LINES } from './log-follower.js';

export async function lastLogLines(
  engine: ContainerEngine,
  container: string,
  since: string | undefined,
  signal?: AbortSignal,
): Promise<string[]> {
  const lines: string[] = [];
  try {
    for await (const { line } of engine.logs(container, { tail: TAIL_LINES, since, signal })) lines.push(line);
  } catch {
    // Gone already (an --rm container): the message stands on its own.
  }
  return lines.slice(-TAIL_LINES);
}
