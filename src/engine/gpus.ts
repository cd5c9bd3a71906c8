/**
 * GPUs: `resources.gpus` (all | N | [ids]) as each engine spells it, and what this machine
 * has to offer, for `tempfs doctor`.
 *   Podman: CDI devices, `--device nvidia.com/gpu=all` or one `--device nvidia.com/gpu=ID`
 *           per GPU (a count N is the first N: 0..N-1, as Docker's `--gpus N`); needs the
 *           NVIDIA Container Toolkit's CDI spec (`nvidia-ctk cdi generate`).
 *   Docker: `--gpus all`, `--gpus N`, `--gpus '"device=0,1"'` (the quotes belong to the value:
 *           Docker reads it as CSV, and a bare comma would split the device list).
 */
import { readdir } from 'node:fs/promises';
import type { Gpus } from '../recipe/model.js';
import { run } from './exec.js';

/** The CDI kind of NVIDIA GPUs, as `nvidia-ctk cdi generate` names them. */
export const NVIDIA_CDI_KIND = 'nvidia.com/gpu';

function ids(gpus: Exclude<Gpus, 'all'>): string[] {
  return typeof gpus === 'number' ? Array.from({ length: gpus }, (_, i) => String(i)) : gpus.map(String);
}

/** `podman create/run` arguments for the request (none without one). */
export function podmanGpuArgs(gpus: Gpus | undefined): string[] {
  if (gpus === undefined) return [];
  if (gpus === 'all') return ['--device', `${NVIDIA_CDI_KIND}=all`];
  return ids(gpus).flatMap((id) => ['--device', `${NVIDIA_CDI_KIND}=${id}`]);
}

/** `docker create/run` arguments for the request (none without one). */
export function dockerGpuArgs(gpus: Gpus | undefined): string[] {
  if (gpus === undefined) return [];
  if (gpus === 'all') return ['--gpus', 'all'];
  if (typeof gpus === 'number') return ['--gpus', String(gpus)];
  return ['--gpus', `"device=${gpus.join(',')}"`];
}

export interface GpuReport {
  /** `nvidia-smi -L` lines (`GPU 0: NVIDIA ... (UUID: ...)`); empty without the tool or a GPU. */
  nvidia: string[];
  /** DRM render nodes under /dev/dri (Vulkan, ROCm, Intel): `renderD128`, ... */
  render: string[];
  /** CDI spec files in /etc/cdi and /var/run/cdi (what Podman's --device KIND=NAME can name). */
  cdiSpecs: string[];
}

export const CDI_DIRS = ['/etc/cdi', '/var/run/cdi'];

async function entries(dir: string, keep: (name: string) => boolean): Promise<string[]> {
  return readdir(dir).then((names) => names.filter(keep).sort(), () => []);
}

/** What GPUs this machine shows; never throws (a missing tool or folder is "none"). */
export async function detectGpus(signal?: AbortSignal): Promise<GpuReport> {
  const [smi, render, ...cdi] = await Promise.all([
    run('nvidia-smi', ['-L'], { signal, check: false }).then(
      (r) => (r.exitCode === 0 ? r.stdout.split('\n').filter((l) => l.startsWith('GPU ')) : []),
      () => [],
    ),
    entries('/dev/dri', (n) => n.startsWith('renderD')),
    ...CDI_DIRS.map((dir) => entries(dir, (n) => /\.(ya?ml|json)$/.test(n)).then((names) => names.map((n) => `${dir}/${n}`))),
  ]);
  return { nvidia: smi, render, cdiSpecs: cdi.flat() };
}

/** The doctor's line: what was found, or "none" (no GPU is not a problem). */
export function gpuCheck(report: GpuReport): { name: string; ok: true; detail: string; fix?: string } {
  const parts = [
    ...report.nvidia,
    ...(report.render.length ? [`/dev/dri: ${report.render.join(', ')}`] : []),
    ...(report.cdiSpecs.length ? [`CDI specs: ${report.cdiSpecs.join(', ')}`] : []),
  ];
  const fix =
    report.nvidia.length && !report.cdiSpecs.length
      ? 'for resources.gpus with Podman, generate the CDI spec: nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml'
      : undefined;
  return { name: 'gpus', ok: true, detail: parts.length ? parts.join('; ') : 'none seen (CPU only)', ...(fix ? { fix } : {}) };
}
