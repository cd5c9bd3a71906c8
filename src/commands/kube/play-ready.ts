/**
 * After `podman kube play`: every played container with `ready` probes is waited for as
 * `up -d` waits, from the host (log, http, tcp, exec: the log probe too, which a cluster
 * cannot check). Podman names a Pod's container `<pod>-<container>`.
 */
import type { ContainerEngine } from '../../engine/engine.js';
import type { Manifest } from '../../kube/index.js';
import { waitUntilReady } from '../../readiness/index.js';
import type { Project } from '../../recipe/model.js';
import type { CommandContext } from '../context.js';

export async function waitForPlayed(ctx: CommandContext, engine: ContainerEngine, project: Project, manifests: readonly Manifest[]): Promise<void> {
  const pods = new Map(manifests.filter((m) => m.kind === 'Pod').map((m) => [String((m.object.metadata as { labels: Record<string, string> }).labels['io.tempfs.service']), m.name]));
  await Promise.all(
    Object.values(project.containers).flatMap((spec) => {
      const pod = pods.get(spec.name);
      if (!pod || !spec.ready) return [];
      ctx.events({ type: 'container', service: spec.name, status: 'waiting' });
      return [
        waitUntilReady({ engine, container: `${pod}-${pod}`, service: spec.name, spec: spec.ready, signal: ctx.signal, fresh: true }).then(() =>
          ctx.events({ type: 'container', service: spec.name, status: 'ready' }),
        ),
      ];
    }),
  );
}
