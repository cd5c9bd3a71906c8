/**
 * `tempfs kube [containers...]`: the resolved recipe as Kubernetes manifests, on stdout or
 * one file per object in `--out DIR`; `--play` runs them with `podman kube play` here,
 * `--down` takes them down (as `tempfs down`).
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { manifestFiles, renderStream } from '../kube/index.js';
import { printWarnings } from '../ui/print.js';
import type { CommandContext } from './context.js';
import { translate } from './kube/translate.js';
import { loadForCommand } from './load.js';

export interface KubeCommandOptions {
  services: string[];
  /** A folder, or `-` for stdout. */
  out: string;
  pods: boolean;
  play: boolean;
  down: boolean;
  initImage?: string;
  kubectlImage?: string;
  ttlMs?: number | null;
}

/** Files this command writes into --out: `NN-kind-name.yaml`. */
const OWN_FILE = /^\d{2,}-[a-z]+-[a-z0-9-]+\.yaml$/;

export async function kubeCommand(ctx: CommandContext, options: KubeCommandOptions): Promise<number> {
  if (options.down) {
    const { downCommand } = await import('./down.js');
    return downCommand(ctx, { volumes: false });
  }
  const { project } = await loadForCommand(ctx, { services: options.services });
  if (options.play) {
    const { kubePlay } = await import('./kube/play.js');
    return kubePlay(ctx, project, options);
  }
  const result = await translate(ctx, project, { target: 'kubernetes', ...options });
  printWarnings(ctx.stderr, result.warnings, ctx.color);
  if (options.out === '-') {
    ctx.stdout.write(renderStream(result.manifests));
    return 0;
  }
  const dir = resolve(ctx.cwd, options.out);
  await mkdir(dir, { recursive: true });
  // Objects a previous run wrote and this one does not would be applied again: they go.
  const stale = (await readdir(dir)).filter((f) => OWN_FILE.test(f));
  await Promise.all(stale.map((f) => rm(join(dir, f))));
  const files = manifestFiles(result.manifests);
  await Promise.all(files.map((f) => writeFile(join(dir, f.file), f.text)));
  ctx.stderr.write(`wrote ${files.length} manifests to ${options.out} (kubectl apply -f ${options.out})\n`);
  return 0;
}
