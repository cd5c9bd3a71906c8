/**
 * `tempfs gc [--dry-run] [--json]`: remove the objects of sessions whose CLI and monitor
 * are both gone (see monitor/orphans.ts). `--dry-run` only lists them.
 */
import type { ContainerEngine } from '../engine/engine.js';
import { ExitCode } from '../errors.js';
import { cleanupSession } from '../monitor/cleanup.js';
import { findOrphans, type Orphan } from '../monitor/orphans.js';
import { removeSessionRecord } from '../monitor/session-record.js';
import { resolveStateDir } from '../monitor/state-dir.js';
import type { CommandContext } from './context.js';

export interface GcOptions {
  engine: ContainerEngine;
  dryRun: boolean;
  json?: boolean;
  /** Grace for the orphans' containers; nobody waits on them. Default 0. */
  graceMs?: number;
  /** Only this project's sessions (`-p`); default: every session on this Podman. */
  project?: string;
}

interface GcEntry {
  session: string;
  project: string | null;
  containers: string[];
  networks: string[];
  volumes: string[];
  removed: boolean;
  error?: string;
}

function describe(entry: GcEntry): string {
  const parts = [`${entry.containers.length} container(s)`, `${entry.networks.length} network(s)`];
  if (entry.removed) parts.push(`${entry.volumes.length} volume(s)`);
  const names = [...entry.containers, ...entry.networks, ...entry.volumes].join(', ');
  return `session ${entry.session} (project ${entry.project ?? '?'}): ${parts.join(', ')}${names ? ` [${names}]` : ''}`;
}

async function collect(ctx: CommandContext, orphan: Orphan, options: GcOptions, stateDir: string): Promise<GcEntry> {
  const { session, project, containers, networks } = orphan;
  const entry: GcEntry = { session, project, containers, networks, volumes: [], removed: false };
  if (options.dryRun) return entry;
  try {
    const report = await cleanupSession(options.engine, orphan.session, {
      graceMs: options.graceMs ?? 0,
      project: orphan.project,
      signal: ctx.signal,
      log: () => {},
    });
    await removeSessionRecord(stateDir, orphan.session);
    const { containers: removed, networks: gone, volumes } = report;
    return { ...entry, containers: removed, networks: gone, volumes, removed: true };
  } catch (error) {
    return { ...entry, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function gcCommand(ctx: CommandContext, opts: GcOptions): Promise<number> {
  const stateDir = resolveStateDir(ctx.env);
  const orphans = await findOrphans(opts.engine, stateDir, { project: opts.project });
  const entries: GcEntry[] = [];
  for (const orphan of orphans) entries.push(await collect(ctx, orphan, opts, stateDir));
  const failed = entries.some((e) => e.error !== undefined);

  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ dryRun: opts.dryRun, sessions: entries })}\n`);
  } else if (entries.length === 0) {
    ctx.stdout.write('no orphaned sessions\n');
  } else {
    for (const entry of entries) {
      const verb = opts.dryRun ? 'would remove' : entry.removed ? 'removed' : 'failed to remove';
      ctx.stdout.write(`${verb} ${describe(entry)}${entry.error ? `: ${entry.error}` : ''}\n`);
    }
  }
  return failed ? ExitCode.FAILURE : ExitCode.OK;
}
