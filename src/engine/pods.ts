/**
 * Pods, for `tempfs kube --play`: `podman kube play` of a manifest file and the removal of
 * Pods. Kept beside podman.ts, which delegates, so the engine class stays one concept.
 */
import type { LabelFilter } from './engine.js';
import { commandFailed, outputLines, type RunOptions, type RunResult } from './exec.js';
import { labelFilterArgs } from './labels.js';
import { graceSeconds } from './run-args.js';

type Podman = (args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** Podman 4.3 says this on every kube play where no syslog is reachable; it is noise. */
const SYSLOG_NOISE = /^.*failed to connect to syslog.*$\n?/gm;

export interface PlayOptions {
  network?: string;
  /** Pod annotations; `io.tempfs.session=<id>` also lets the monitor find this process (strays.ts). */
  annotations?: Record<string, string>;
  signal?: AbortSignal;
}

export async function playKube(podman: Podman, file: string, options: PlayOptions): Promise<void> {
  const network = options.network ? ['--network', options.network] : [];
  const annotations = Object.entries(options.annotations ?? {}).flatMap(([k, v]) => ['--annotation', `${k}=${v}`]);
  const result = await podman(['kube', 'play', '--quiet', ...network, ...annotations, file], { check: false, signal: options.signal });
  if (result.exitCode !== 0) throw commandFailed({ ...result, stderr: result.stderr.replace(SYSLOG_NOISE, '') }, 'PODMAN_FAILED');
}

export async function removePods(podman: Podman, names: string[], graceMs: number): Promise<void> {
  if (names.length === 0) return;
  const seconds = graceSeconds(graceMs);
  const result = await podman(['pod', 'rm', '--force', '--ignore', '--time', seconds, ...names], { check: false });
  if (result.exitCode !== 0) throw commandFailed(result, 'PODMAN_FAILED');
}

export async function listPods(podman: Podman, filter: LabelFilter): Promise<string[]> {
  const { stdout } = await podman(['pod', 'ps', '--quiet', '--no-trunc', ...labelFilterArgs(filter)]);
  return outputLines(stdout);
}
