/**
 * Follow the output of several containers at once, each line prefixed with its service
 * name in a stable colour, as `docker compose up` does. Resolves when every stream ended
 * (all containers stopped) or the signal aborts.
 */
import type { Writable } from 'node:stream';
import type { ContainerEngine } from '../../engine/engine.js';
import { paint, serviceColor } from '../../ui/colors.js';

export interface StreamLogsOptions {
  engine: ContainerEngine;
  /** service -> container name */
  containers: Record<string, string>;
  out: Writable;
  color: boolean;
  signal: AbortSignal;
  follow: boolean;
  tail?: number;
  since?: string;
  /** Prefix lines with the service name (off for a single container). */
  prefix: boolean;
}

export async function streamLogs(options: StreamLogsOptions): Promise<void> {
  const width = Math.max(...Object.keys(options.containers).map((s) => s.length));
  await Promise.all(
    Object.entries(options.containers).map(async ([service, name]) => {
      const prefix = options.prefix ? `${paint(options.color, serviceColor(service), service.padEnd(width))} | ` : '';
      try {
        for await (const { line } of options.engine.logs(name, { follow: options.follow, tail: options.tail, since: options.since, signal: options.signal })) {
          options.out.write(`${prefix}${line}\n`);
        }
      } catch (error) {
        if (!options.signal.aborted) throw error;
      }
    }),
  );
}
