/**
 * `podman create` (or `podman run --detach` when the request says `start`) arguments for one container, built as a pure function of the request
 * so the mapping from recipe to flags is tested on literal specs. Docker takes the same
 * flags but for the few in `Dialect` (one builder, the differences as a table).
 */
import type { CreateRequest } from './engine.js';
import { Labels } from './engine.js';
import type { PortMapping, VolumeMount } from '../recipe/model.js';
import { labelArgs } from './labels.js';
import { volumeName } from './naming.js';
import { EPHEMERAL_PIDS_LIMIT, ephemeralMounts } from '../recipe/ephemeral.js';
import { ephemeralTmpfsValue, tmpfsValue } from './ephemeral.js';
import { dockerGpuArgs, podmanGpuArgs } from './gpus.js';

/** Where `docker create`/`run` differs from `podman create`/`run`. */
export interface Dialect {
  /** Podman mounts tmpfs on /tmp, /run, /var/tmp under `--read-only` unless told not to; Docker never does. */
  readOnlyTmpfsFlag: boolean;
  /** Podman reads `--entrypoint` as a JSON array; Docker takes one word (the rest goes before the command). */
  entrypointJson: boolean;
  /** Podman joins several networks at create (`NAME:alias=A`); Docker (before API 1.44) one, the others by `network connect`. */
  manyNetworks: boolean;
  /** Value-taking flags of `extraArgs` the engine lacks, dropped with their value (Podman's TTL `--timeout`: Docker's monitor alone holds it). */
  unsupported: readonly string[];
  /** `resources.gpus` as flags: Podman names CDI devices, Docker has `--gpus`. */
  gpuArgs: (gpus: Parameters<typeof podmanGpuArgs>[0]) => string[];
}

export const PODMAN_DIALECT: Dialect = { readOnlyTmpfsFlag: true, entrypointJson: true, manyNetworks: true, unsupported: [], gpuArgs: podmanGpuArgs };
export const DOCKER_DIALECT: Dialect = {
  readOnlyTmpfsFlag: false,
  entrypointJson: false,
  manyNetworks: false,
  unsupported: ['--timeout'],
  gpuArgs: dockerGpuArgs,
};

export interface BuildOptions {
  /** A remote engine: the models are files in this named volume, mounted whole at /models (see remote-mounts.ts). */
  modelVolume?: string;
}

export function buildCreateArgs(request: CreateRequest, dialect: Dialect = PODMAN_DIALECT, options: BuildOptions = {}): string[] {
  const { spec } = request;
  const verb = request.start ? ['run', '--detach'] : ['create'];
  const args = [...verb, '--pull=missing', '--name', request.name];
  if (spec.ephemeral || request.autoRemove) args.push('--rm');
  if (request.interactive) args.push('--interactive');
  if (request.tty) args.push('--tty');
  if (spec.init) args.push('--init');
  // The recipe's labels first so they can never overwrite the ownership labels.
  args.push(...labelArgs({
    ...spec.labels,
    ...request.labels,
    [Labels.project]: request.project,
    [Labels.service]: spec.name,
    [Labels.session]: request.session,
  }));
  if (spec.network === 'none') {
    // No interface but loopback: no alias either (nobody can reach it by name).
    args.push('--network', 'none');
  } else if (request.networks?.length && !dialect.manyNetworks) {
    // The first network here; the engine connects the others before the container starts.
    const [first] = request.networks;
    args.push('--network', first!.name, ...[spec.name, ...first!.aliases].flatMap((a) => ['--network-alias', a]));
  } else if (request.networks?.length) {
    // Each project network with the service name and the listed aliases (Podman's `NAME:alias=A,alias=B`).
    for (const net of request.networks) args.push('--network', `${net.name}:${[spec.name, ...net.aliases].map((a) => `alias=${a}`).join(',')}`);
  } else {
    args.push('--network', request.network, '--network-alias', spec.name);
  }
  // tempfs runs its own readiness probes; Podman's need systemd timers and log noise without them.
  args.push('--no-healthcheck');
  args.push('--stop-timeout', graceSeconds(spec.stop_grace_period));
  if (spec.stop_signal !== null) args.push('--stop-signal', spec.stop_signal);
  if (spec.restart !== null && !(spec.ephemeral || request.autoRemove)) args.push('--restart', spec.restart);

  const { cpus, memory, memory_swap, pids } = spec.resources;
  if (cpus !== null) args.push('--cpus', String(cpus));
  if (memory !== null) args.push('--memory', String(memory));
  if (memory_swap !== null) args.push('--memory-swap', String(memory_swap));
  const pidsLimit = pids ?? (spec.ephemeral ? EPHEMERAL_PIDS_LIMIT : null);
  if (pidsLimit !== null) args.push('--pids-limit', String(pidsLimit));
  args.push(...dialect.gpuArgs(spec.resources.gpus));

  for (const port of spec.ports) args.push('-p', portValue(port));
  for (const [key, value] of Object.entries(spec.environment)) args.push('-e', `${key}=${value}`);
  for (const volume of spec.volumes) args.push('-v', volumeValue(volume, request.project));
  for (const file of [...spec.secrets, ...spec.configs]) args.push('-v', `${file.source}:${file.target}:ro`);
  if (spec.shm_size !== null) args.push('--shm-size', String(spec.shm_size));
  for (const [name, { soft, hard }] of Object.entries(spec.ulimits)) args.push('--ulimit', `${name}=${soft}:${hard}`);
  for (const host of spec.extra_hosts) args.push('--add-host', host);
  if (options.modelVolume !== undefined && Object.keys(request.modelMounts ?? {}).length > 0) {
    args.push('-v', `${options.modelVolume}:/models:ro`);
  } else {
    for (const [model, host] of Object.entries(request.modelMounts ?? {})) args.push('-v', `${host}:${modelTarget(model)}:ro`);
  }

  if (spec.ephemeral) {
    args.push('--read-only', ...(dialect.readOnlyTmpfsFlag ? ['--read-only-tmpfs=false'] : []));
    for (const mount of ephemeralMounts(spec)) args.push('--tmpfs', ephemeralTmpfsValue(mount));
    args.push('--cap-drop=ALL');
    for (const cap of spec.cap_add) args.push('--cap-add', cap);
    args.push('--security-opt', 'no-new-privileges');
  } else {
    if (spec.read_only) args.push('--read-only');
    for (const mount of spec.tmpfs) args.push('--tmpfs', tmpfsValue(mount));
    for (const cap of spec.cap_drop) args.push('--cap-drop', cap);
    for (const cap of spec.cap_add) args.push('--cap-add', cap);
  }

  if (spec.user !== null) args.push('--user', spec.user);
  if (spec.working_dir !== null) args.push('--workdir', spec.working_dir);
  // The JSON array form keeps every element one argv word; an empty string clears the image's.
  // Docker takes the first word only: the others lead the command.
  let command = request.command ?? spec.command ?? [];
  if (spec.entrypoint !== null && dialect.entrypointJson) {
    args.push('--entrypoint', spec.entrypoint.length === 0 ? '' : JSON.stringify(spec.entrypoint));
  } else if (spec.entrypoint !== null) {
    args.push('--entrypoint', spec.entrypoint[0] ?? '');
    command = [...spec.entrypoint.slice(1), ...command];
  }
  args.push(...supported(request.extraArgs ?? [], dialect));
  // `--` ends the options: an image that came from `${VAR}` can never be read as a flag
  // (`--privileged`, `--volume=/:/host`); everything after it is the image and its command.
  args.push('--', spec.image, ...command);
  return args;
}

function supported(extra: readonly string[], dialect: Dialect): string[] {
  return extra.filter((arg, i) => !dialect.unsupported.includes(arg) && !dialect.unsupported.includes(extra[i - 1] ?? ''));
}

/** `[ip:][host:]container/protocol`; an empty host port lets Podman pick one. */
export function portValue(port: PortMapping): string {
  const ip = port.host_ip.includes(':') ? `[${port.host_ip}]` : port.host_ip;
  const host = port.host === null ? '' : String(port.host);
  const prefix = ip !== '' ? `${ip}:${host}:` : host !== '' ? `${host}:` : '';
  return `${prefix}${port.container}/${port.protocol}`;
}

/** `SOURCE:TARGET[:OPTIONS]`; an anonymous volume is its target alone (removed with the container). */
export function volumeValue(volume: VolumeMount, project: string): string {
  if (volume.type === 'volume' && volume.source === '') return volume.target;
  const source = volume.type === 'volume' ? volumeName(project, volume.source) : volume.source;
  const options = [...(volume.read_only ? ['ro'] : []), ...volume.options];
  return `${source}:${volume.target}${options.length ? `:${options.join(',')}` : ''}`;
}

/** `/models/<key>`: a key that looks like a file name is kept, a bare model name gets `.gguf`. */
export function modelTarget(key: string): string {
  return `/models/${key.includes('.') ? key : `${key}.gguf`}`;
}

/** A grace in milliseconds as the whole seconds of `--time`/`--stop-timeout`, rounded up. */
export function graceSeconds(graceMs: number): string {
  return String(Math.max(0, Math.ceil(graceMs / 1000)));
}
