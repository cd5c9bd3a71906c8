/** `tempfs ls`: every tempfs project on this Podman, from the labels alone (like `docker compose ls`). */
import { Labels, type ContainerInfo } from '../engine/engine.js';
import { ttlLeftSec } from '../monitor/ttl.js';
import { formatDuration } from '../ui/format.js';
import { formatTable } from '../ui/print.js';
import type { CommandContext } from './context.js';
import { createEngine } from './stack/engine.js';

export interface ProjectRow {
  project: string;
  running: number;
  containers: number;
  services: string[];
  /** Seconds until the earliest TTL of the project, or null. */
  ttlLeftSec: number | null;
}

export async function lsCommand(ctx: CommandContext, options: { json: boolean; all: boolean }): Promise<number> {
  const all = await createEngine(ctx).listContainers({});
  const rows = projectRows(all, Date.now()).filter((r) => options.all || r.running > 0);
  if (options.json) {
    ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    ctx.stderr.write(options.all ? 'no tempfs projects\n' : 'no running tempfs projects (--all shows stopped ones too)\n');
    return 0;
  }
  ctx.stdout.write(
    formatTable(
      ['PROJECT', 'RUNNING', 'SERVICES', 'TTL'],
      rows.map((r) => [r.project, `${r.running}/${r.containers}`, r.services.join(', '), r.ttlLeftSec === null ? '-' : formatDuration(r.ttlLeftSec * 1000)]),
    ),
  );
  return 0;
}

export function projectRows(containers: readonly ContainerInfo[], now: number): ProjectRow[] {
  const byProject = new Map<string, ContainerInfo[]>();
  for (const c of containers) {
    const project = c.labels[Labels.project];
    if (project) byProject.set(project, [...(byProject.get(project) ?? []), c]);
  }
  return [...byProject]
    .map(([project, list]) => {
      return {
        project,
        running: list.filter((c) => c.state === 'running').length,
        containers: list.length,
        services: [...new Set(list.map((c) => c.labels[Labels.service] ?? c.name))].sort(),
        ttlLeftSec: ttlLeftSec(list.map((c) => c.labels), now),
      };
    })
    .sort((a, b) => a.project.localeCompare(b.project));
}
