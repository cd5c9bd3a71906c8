/** `tempfs logs [containers...] [-f] [-n N] [--since]`: output of the project's containers. */
import { Labels } from '../engine/engine.js';
import { TempfsError } from '../errors.js';
import type { CommandContext } from './context.js';
import { createEngine } from './stack/engine.js';
import { resolveProjectRef } from './stack/project-ref.js';
import { streamLogs } from './stack/stream-logs.js';

export interface LogsOptions {
  services: string[];
  follow: boolean;
  tail?: number;
  since?: string;
  /** Prefix lines with the service name; default: when more than one container. */
  prefix?: boolean;
}

export async function logsCommand(ctx: CommandContext, options: LogsOptions): Promise<number> {
  const ref = await resolveProjectRef(ctx);
  const engine = createEngine(ctx);
  const all = await engine.listContainers({ project: ref.name });
  const unknown = options.services.filter((s) => !all.some((c) => c.labels[Labels.service] === s));
  if (unknown.length > 0) {
    throw new TempfsError('NOT_FOUND', `no container of service ${unknown.map((s) => `"${s}"`).join(', ')} in project ${ref.name}`, {
      hint: all.length ? `running: ${[...new Set(all.map((c) => c.labels[Labels.service]))].join(', ')}` : 'start the stack with: tempfs up -d',
    });
  }
  const chosen = all.filter((c) => options.services.length === 0 || options.services.includes(c.labels[Labels.service] ?? ''));
  const containers = Object.fromEntries(chosen.map((c) => [c.labels[Labels.oneoff] === 'true' ? c.name : (c.labels[Labels.service] ?? c.name), c.name]));
  await streamLogs({
    engine,
    containers,
    out: ctx.stdout,
    color: ctx.color,
    signal: ctx.signal,
    follow: options.follow,
    tail: options.tail,
    since: options.since,
    prefix: options.prefix ?? chosen.length > 1,
  });
  return 0;
}
