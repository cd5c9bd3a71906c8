/**
 * `tempfs ps`: the project's containers as Podman sees them (by label), with whether each
 * is ready now (its probes run once, briefly), published ports, uptime and TTL left.
 */
import { Labels, type ContainerEngine, type ContainerInfo } from '../engine/engine.js';
import { ttlLeftSec } from '../monitor/ttl.js';
import { waitUntilReady } from '../readiness/index.js';
import type { Project } from '../recipe/model.js';
import { formatDuration } from '../ui/format.js';
import { formatTable } from '../ui/print.js';
import type { CommandContext } from './context.js';
import { createEngine } from './stack/engine.js';
import { resolveProjectRef } from './stack/project-ref.js';

/** How long `ps` gives probes to pass: it reports, it does not wait. */
const CHECK_MS = 1500;

export interface PsRow {
  service: string;
  name: string;
  state: string;
  ready: boolean;
  exitCode: number | null;
  image: string;
  ports: string[];
  uptimeSec: number | null;
  ttlLeftSec: number | null;
  session: string | null;
}

export async function psCommand(ctx: CommandContext, options: { json: boolean }): Promise<number> {
  const ref = await resolveProjectRef(ctx);
  const engine = createEngine(ctx);
  const containers = await engine.listContainers({ project: ref.name });
  const rows = await Promise.all(containers.map((c) => toRow(engine, c, ref.project, ctx.signal)));
  rows.sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
  if (options.json) {
    ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    ctx.stderr.write(`${ref.name}: no containers (start them with: tempfs up -d)\n`);
    return 0;
  }
  ctx.stdout.write(
    formatTable(
      ['NAME', 'SERVICE', 'STATE', 'READY', 'PORTS', 'UPTIME', 'TTL'],
      rows.map((r) => [
        r.name,
        r.service,
        r.state === 'exited' ? `exited (${r.exitCode})` : r.state,
        r.ready ? 'yes' : 'no',
        r.ports.join(', ') || '-',
        r.uptimeSec === null ? '-' : formatDuration(r.uptimeSec * 1000),
        r.ttlLeftSec === null ? '-' : formatDuration(r.ttlLeftSec * 1000),
      ]),
    ),
  );
  return 0;
}

async function toRow(engine: ContainerEngine, c: ContainerInfo, project: Project | null, signal: AbortSignal): Promise<PsRow> {
  const service = c.labels[Labels.service] ?? c.name;
  const started = c.startedAt ? Date.parse(c.startedAt) : NaN;
  return {
    service,
    name: c.name,
    state: c.state,
    ready: await isReady(engine, c, project?.containers[service]?.ready ?? null, signal),
    exitCode: c.exitCode,
    image: c.image,
    ports: c.ports.map((p) => `${p.host_ip || '0.0.0.0'}:${p.host}->${p.container}/${p.protocol}`),
    uptimeSec: c.state === 'running' && Number.isFinite(started) ? Math.max(0, Math.round((Date.now() - started) / 1000)) : null,
    ttlLeftSec: ttlLeftSec([c.labels], Date.now()),
    session: c.labels[Labels.session] ?? null,
  };
}

async function isReady(engine: ContainerEngine, c: ContainerInfo, spec: Project['containers'][string]['ready'], signal: AbortSignal): Promise<boolean> {
  if (c.state !== 'running') return false;
  if (!spec) return true;
  try {
    await waitUntilReady({ engine, container: c.name, service: c.name, spec: { ...spec, timeout: CHECK_MS, interval: Math.min(spec.interval, 250) }, signal });
    return true;
  } catch {
    return false;
  }
}
