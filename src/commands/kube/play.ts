/**
 * `tempfs kube --play`: the manifests run here under `podman kube play`, with the guarantees
 * of `up -d`: every object carries the project and session labels, a monitor guards the
 * session from the first object on (a CLI that dies mid-play leaves nothing), and
 * `tempfs down` (or `kube --down`) removes Pods, containers, volumes and network.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Labels } from '../../engine/engine.js';
import { ownerLabels } from '../../engine/labels.js';
import { TempfsError } from '../../errors.js';
import { renderStream, type Manifest } from '../../kube/index.js';
import { cleanupSession } from '../../monitor/cleanup.js';
import { resolveStateDir } from '../../monitor/state-dir.js';
import { expiresAt } from '../../monitor/ttl.js';
import type { Project } from '../../recipe/model.js';
import { printWarnings } from '../../ui/print.js';
import type { CommandContext } from '../context.js';
import { createEngine } from '../stack/engine.js';
import { newSessionId } from '../../stack/session.js';
import { ensureProjectNetwork } from '../../stack/networks.js';
import { guardSession } from '../../stack/guard.js';
import { waitForPlayed } from './play-ready.js';
import { initImageFor, translate } from './translate.js';

export interface PlayOptions {
  services: string[];
  initImage?: string;
  ttlMs?: number | null;
}

export async function kubePlay(ctx: CommandContext, project: Project, options: PlayOptions): Promise<number> {
  const engine = createEngine(ctx);
  await engine.version();
  const initImage = initImageFor(ctx, options.initImage);
  const [running, initImageHere] = await Promise.all([engine.listContainers({ project: project.name }), engine.imageExists(initImage)]);
  if (running.length > 0) {
    throw new TempfsError('NAME_CONFLICT', `project ${project.name} is already running (${running.length} containers)`, {
      hint: 'take it down first: tempfs down',
    });
  }
  const session = newSessionId();
  const labels = ownerLabels(project.name, session);
  const result = await translate(ctx, project, { target: 'podman', pods: true, labels, services: options.services, initImage });
  printWarnings(ctx.stderr, result.warnings, ctx.color);

  const stateDir = resolveStateDir(ctx.env);
  const files = { host: join(stateDir, 'kube', `${session}-host.yaml`), main: join(stateDir, 'kube', `${session}.yaml`) };
  // First the claims and the Pods on the host's network (the models Pod), then the rest on
  // the project network: `--network` would apply to every Pod of one file.
  const host = (m: Manifest) => m.kind === 'PersistentVolumeClaim' || (m.object.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork === true;
  const graceMs = Math.max(0, ...Object.values(project.containers).map((c) => c.stop_grace_period));
  const ttlMs = options.ttlMs ?? project.ttl;
  const monitor = await guardSession(
    { stateDir, engine: engine.connection },
    { session, project: project.name, graceMs, expiresAt: ttlMs == null ? null : expiresAt(ttlMs, Date.now()), engineChecked: true, pods: true },
  );
  const pods = result.manifests.filter((m) => m.kind === 'Pod').map((m) => m.name);
  try {
    await mkdir(join(stateDir, 'kube'), { recursive: true });
    const first = result.manifests.filter(host);
    await writeFile(files.main, renderStream(result.manifests.filter((m) => !host(m))));
    const network = await ensureProjectNetwork(engine, project, 'default', labels);
    // podman kube play 4.3 makes an emptyDir a plain volume on disk named after it, without
    // labels: made here first, in memory and labelled, it is what the Pod mounts and goes with the session.
    await Promise.all(result.memoryVolumes.map((v) => engine.ensureVolume(v, { ...labels, [Labels.ephemeral]: 'true' }, { tmpfs: true })));
    ctx.events({ type: 'message', level: 'info', text: `${project.name}: podman kube play ${pods.join(', ')} (init containers first: model downloads, waits)` });
    if (first.length) {
      await writeFile(files.host, renderStream(first));
      await engine.playKube(files.host, { annotations: labels, signal: ctx.signal });
    }
    await engine.playKube(files.main, { network, annotations: labels, signal: ctx.signal });
    await waitForPlayed(ctx, engine, project, result.manifests);
    const failed = (await engine.listContainers({ session })).filter((c) => c.state === 'exited' && c.exitCode !== 0);
    if (failed.length > 0) {
      throw new TempfsError('CONTAINER_EXITED', `${failed.map((c) => `${c.name} exited with ${c.exitCode}`).join(', ')}`, {
        hint: `see podman logs ${failed[0]!.name}`,
      });
    }
  } catch (error) {
    await cleanupSession(engine, session, { graceMs: 0, log: () => {}, pods: true }).catch(() => {});
    await monitor.release();
    // Podman pulls what is missing; offline, the init image is the usual culprit.
    if (!initImageHere && error instanceof TempfsError && !error.hint) {
      throw new TempfsError(error.code, error.message, {
        cause: error,
        details: error.details,
        hint: `the init containers use ${initImage}, which is not here: name an image that is with --init-image or TEMPFS_KUBE_INIT_IMAGE (it needs sh, wget, sha256sum, timeout, nc)`,
      });
    }
    throw error;
  } finally {
    await Promise.all([rm(files.host, { force: true }), rm(files.main, { force: true })]);
  }
  await monitor.detach();
  ctx.events({ type: 'message', level: 'info', text: `${project.name}: pods ${pods.join(', ')} running; take them down with tempfs down (the manifests: tempfs kube --pods)` });
  await ctx.progressDone?.();
  return 0;
}
