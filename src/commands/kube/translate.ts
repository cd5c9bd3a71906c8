/**
 * The I/O around the pure translation (kube/): where each field is written (for warnings),
 * which variables came from env files (they go to ConfigMaps), the sizes of cached models.
 */
import { stat } from 'node:fs/promises';
import { DEFAULT_INIT_IMAGE, DEFAULT_KUBECTL_IMAGE, toManifests, type KubeOptions, type KubeResult } from '../../kube/index.js';
import { modelPath, resolveModelsDir } from '../../models/index.js';
import { readEnvFiles } from '../../recipe/env-files.js';
import { fieldLocator } from '../../recipe/field-position.js';
import { selectServices } from '../../plan/plan.js';
import type { Project } from '../../recipe/model.js';
import type { CommandContext } from '../context.js';

export interface TranslateOptions extends Pick<KubeOptions, 'target' | 'pods' | 'labels'> {
  services: string[];
  initImage?: string;
  kubectlImage?: string;
}

/** `--init-image`, else TEMPFS_KUBE_INIT_IMAGE, else busybox (sh, wget, sha256sum, nc). */
export function initImageFor(ctx: CommandContext, flag: string | undefined): string {
  return flag || ctx.env.TEMPFS_KUBE_INIT_IMAGE || DEFAULT_INIT_IMAGE;
}

export async function translate(ctx: CommandContext, project: Project, options: TranslateOptions): Promise<KubeResult> {
  const containers = Object.values(project.containers);
  const [locate, envFiles, modelSizes] = await Promise.all([
    fieldLocator(project.files, ctx.cwd),
    // The loader read these already; this second read only tells which keys came from files
    // (splitEnv keeps a value in `env` when it differs). An optional file may be missing.
    Promise.all(containers.map(async (c) => [c.name, c.env_file.length ? await readEnvFiles(c.env_file, { optional: true, lookup: (k) => ctx.env[k] }) : {}] as const)),
    cachedModelSizes(ctx, project),
  ]);
  return toManifests(project, selectServices(project, options.services), {
    target: options.target,
    pods: options.pods,
    labels: options.labels,
    initImage: initImageFor(ctx, options.initImage),
    kubectlImage: options.kubectlImage || ctx.env.TEMPFS_KUBE_KUBECTL_IMAGE || DEFAULT_KUBECTL_IMAGE,
    envFileValues: Object.fromEntries(envFiles),
    modelSizes,
    locate,
  });
}

/** Sizes of the project's models that are in the host cache already. */
async function cachedModelSizes(ctx: CommandContext, project: Project): Promise<Record<string, number>> {
  const dir = resolveModelsDir(ctx.env);
  const entries = await Promise.all(
    Object.values(project.models).map(async (m) => {
      const size = await stat(modelPath(m, dir)).then((s) => s.size, () => null);
      return size === null ? [] : [[m.name, size] as const];
    }),
  );
  return Object.fromEntries(entries.flat());
}
