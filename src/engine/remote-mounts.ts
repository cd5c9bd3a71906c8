/**
 * A remote engine does not share this machine's files. Bind mounts of host paths are refused
 * (they would mount whatever the engine host has at that path), and models are delivered
 * into the named volume `tempfs_models` instead of bind-mounted from the cache: copied in
 * once (`cp` into a helper container that has the volume; no tool inside the image is
 * needed) and again only when the cached file changed (a stamp file beside it says which
 * size and mtime it was copied from). Containers mount the volume read-only at /models.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { TempfsError } from '../errors.js';
import type { CreateRequest } from './engine.js';
import { describeConnection, type EngineConnection } from './connection.js';
import { commandFailed, type RunOptions, type RunResult } from './exec.js';
import { labelArgs, ownerLabels } from './labels.js';
import { modelTarget } from './run-args.js';

/** The named volume that holds the models on a remote engine (kept like the host cache: `docker volume rm` it to free the space). */
export const MODELS_VOLUME = 'tempfs_models';
export const MODELS_VOLUME_LABEL = 'io.tempfs.models';

export interface RemoteEngine {
  readonly connection: EngineConnection;
  cli(args: readonly string[], options?: RunOptions): Promise<RunResult>;
  ensureVolume(name: string, labels: Record<string, string>): Promise<void>;
  /** One delivery per model file at a time (containers of one `up` start in parallel). */
  readonly deliveries: Map<string, Promise<void>>;
}

/** Refuses host bind mounts; delivers the request's models. Returns the models volume when there are models. */
export async function prepareRemoteMounts(engine: RemoteEngine, request: CreateRequest): Promise<string | undefined> {
  const { spec } = request;
  const binds = [
    ...spec.volumes.filter((v) => v.type === 'bind').map((v) => v.source),
    ...[...spec.secrets, ...spec.configs].map((f) => f.source),
  ];
  if (binds.length > 0) {
    throw new TempfsError('USAGE', `${spec.name}: cannot bind-mount host path ${binds[0]} on the remote engine ${describeConnection(engine.connection)}: it does not share this machine's files`, {
      hint: 'use a named volume (volumes: [name:/path]) and copy files in, or run against a local engine',
    });
  }
  const models = Object.entries(request.modelMounts ?? {});
  if (models.length === 0) return undefined;
  await engine.ensureVolume(MODELS_VOLUME, { [MODELS_VOLUME_LABEL]: 'cache' });
  for (const [key, file] of models) {
    const target = basename(modelTarget(key));
    let pending = engine.deliveries.get(target);
    if (pending === undefined) {
      pending = deliver(engine, request, file, target).finally(() => engine.deliveries.delete(target));
      engine.deliveries.set(target, pending);
    }
    await pending;
  }
  return MODELS_VOLUME;
}

/**
 * Copies `file` to `/models/<target>` in the volume unless its stamp says it is there already.
 * The helper carries the session's labels, so a CLI killed mid-copy leaves it to the monitor.
 */
async function deliver(engine: RemoteEngine, request: CreateRequest, file: string, target: string): Promise<void> {
  const image = request.spec.image;
  const { size, mtimeMs } = await stat(file);
  const stamp = `${size} ${Math.floor(mtimeMs)} ${file}\n`;
  // Imported here: every engine call's module would otherwise load node:crypto (~7 ms) for a remote engine's helper.
  const { randomBytes } = await import('node:crypto');
  const helper = `tempfs-models-${randomBytes(4).toString('hex')}`;
  const labels = labelArgs(ownerLabels(request.project, request.session));
  const created = await engine.cli(['create', '--pull=missing', '--name', helper, ...labels, '-v', `${MODELS_VOLUME}:/models`, '--', image, 'true'], { check: false });
  if (created.exitCode !== 0) throw commandFailed(created, 'PODMAN_FAILED', `the helper container that copies models into ${MODELS_VOLUME} needs the image ${image}`);
  const dir = await mkdtemp(join(tmpdir(), 'tempfs-stamp-'));
  try {
    const current = await engine.cli(['cp', `${helper}:/models/.${target}.stamp`, join(dir, 'current')], { check: false });
    if (current.exitCode === 0 && (await readFile(join(dir, 'current'), 'utf8').catch(() => '')) === stamp) return;
    await engine.cli(['cp', file, `${helper}:/models/${target}`]);
    await writeFile(join(dir, 'stamp'), stamp);
    await engine.cli(['cp', join(dir, 'stamp'), `${helper}:/models/.${target}.stamp`]);
  } finally {
    await engine.cli(['rm', '--force', helper], { check: false });
    await rm(dir, { recursive: true, force: true });
  }
}

