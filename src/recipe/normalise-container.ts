/** One `containers.<name>` entry (schema-valid) to a ContainerSpec with every default filled in. */
import { resolve } from 'node:path';
import type { SourcePosition } from '../errors.js';
import { toArgv } from './argv.js';
import { readEnvFiles } from './env-files.js';
import type { Fail } from './fail.js';
import type { RootKey } from './compose-root.js';
import { composeResources, conditionOf, extraHostsOf, fileMounts, healthcheckProbe, networksOf, swapValue, ulimitsOf } from './compose-fields.js';
import type { ContainerSpec, DependsOn, Gpus, NetworkPolicy, PortMapping, ReadySpec, Resources, TmpfsMount, VolumeMount } from './model.js';
import { parseMount, splitTmpfsItem } from './mounts.js';
import type { Path } from './positions.js';
import { parsePorts } from './ports.js';
import type { Argv, RawContainer, RawGpus, RawRecipe } from './raw.js';
import { normaliseReady } from './normalise-ready.js';
import { toStringMap } from './string-map.js';
import { duration, size } from './units.js';
import { ephemeralDefaults, homeOf } from './ephemeral.js';
import { DEFAULT_STOP_GRACE_MS } from './container-defaults.js';

export interface NormaliseContext {
  /** Folder of the first recipe file. */
  dir: string;
  fail: Fail;
  /** Where a path is in the recipe (for errors raised outside `fail`). */
  at: (path: Path) => SourcePosition | undefined;
  /** A host path as the user would type it. */
  display: (path: string) => string;
  /** The interpolation environment (shell > env files): fills `environment` keys given without a value. */
  lookup: (name: string) => string | undefined;
  /** `containers` or, in a compose file, `services`: the first segment of every path. */
  root: RootKey;
  /** Top-level secrets and configs (what containers may reference). */
  declared: Pick<RawRecipe, 'secrets' | 'configs'>;
}


export async function normaliseContainer(name: string, raw: RawContainer, ctx: NormaliseContext): Promise<ContainerSpec> {
  const base: Path = [ctx.root, name];
  const envRefs = [raw.env_file ?? []].flat().map((f) => (typeof f === 'string' ? { path: resolve(ctx.dir, f) } : { ...f, path: resolve(ctx.dir, f.path) }));
  const fromFiles = await readEnvFiles(envRefs, {
    display: ctx.display,
    at: (i) => ctx.at(Array.isArray(raw.env_file) ? [...base, 'env_file', i] : [...base, 'env_file']),
    lookup: ctx.lookup,
  });
  const environment = { ...fromFiles, ...toStringMap(raw.environment, ctx.lookup) };
  const argv = (key: 'command' | 'entrypoint') => argvAt(raw[key], [...base, key], ctx.fail);
  const ports = (raw.ports ?? []).flatMap((p, i): PortMapping[] => {
    const parsed = parsePorts(p);
    if (parsed) return parsed;
    const shown = typeof p === 'object' ? 'this' : JSON.stringify(p);
    return ctx.fail([...base, 'ports', i], `${shown} is not a valid port mapping`, { hint: 'ports are numbers from 1 to 65535' });
  });
  const user = raw.user === undefined ? null : String(raw.user);
  const { volumes, tmpfsVolumes } = mounts(raw, base, ctx);
  checkTargets(volumes, [...tmpfsVolumes, ...ownTmpfs(raw)], base, ctx.fail);
  const ready = readiness(raw, ports, base, ctx.fail);
  const networks = networksOf(raw.networks);
  return {
    name,
    image: raw.image,
    command: argv('command'),
    entrypoint: argv('entrypoint'),
    environment,
    env_file: envRefs.map((r) => r.path),
    ports,
    volumes,
    tmpfs: tmpfs(raw, base, ctx.fail, homeOf({ user, environment }), tmpfsVolumes),
    resources: resources(raw, base, ctx.fail),
    ready,
    depends_on: dependsOn(raw.depends_on),
    profiles: raw.profiles ?? [],
    labels: toStringMap(raw.labels, () => ''),
    user,
    working_dir: raw.working_dir ?? null,
    stop_grace_period: raw.stop_grace_period === undefined ? DEFAULT_STOP_GRACE_MS : duration(raw.stop_grace_period, [...base, 'stop_grace_period'], ctx.fail),
    init: raw.init ?? true,
    ephemeral: raw.ephemeral ?? false,
    models: raw.models ?? [],
    roles: raw.roles ?? [],
    cap_add: raw.cap_add ?? [],
    ttl: raw.ttl === undefined ? null : duration(raw.ttl, [...base, 'ttl'], ctx.fail, true),
    container_name: raw.container_name ?? null,
    restart: raw.restart ?? null,
    cap_drop: raw.cap_drop ?? [],
    shm_size: raw.shm_size === undefined ? null : size(raw.shm_size, [...base, 'shm_size'], ctx.fail),
    ulimits: ulimitsOf(raw.ulimits),
    extra_hosts: extraHostsOf(raw.extra_hosts),
    networks,
    network: networkPolicy(raw, Object.keys(networks).length, base, ctx.fail),
    read_only: raw.read_only ?? false,
    stop_signal: raw.stop_signal ?? null,
    secrets: fileMounts('secrets', raw.secrets, ctx.declared.secrets, base, ctx),
    configs: fileMounts('configs', raw.configs, ctx.declared.configs, base, ctx),
  };
}

/** `network`, or Compose's `network_mode: none` (other modes are refused in compose-unsupported.ts); `none` joins no project network. */
function networkPolicy(raw: RawContainer, listed: number, base: Path, fail: Fail): NetworkPolicy {
  const fromMode = raw.network_mode === 'none' ? 'none' : undefined;
  if (raw.network !== undefined && fromMode !== undefined && raw.network !== fromMode) {
    fail([...base, 'network'], `network: ${raw.network} contradicts network_mode: none`, { hint: 'keep one of them' });
  }
  const policy = raw.network ?? fromMode ?? 'default';
  if (policy !== 'default' && listed > 0) {
    fail([...base, 'networks'], `a container with network: ${policy} joins no listed network`, { hint: `remove networks:, or use network: default` });
  }
  return policy;
}

/** `ready`, with a `healthcheck` as its exec probe when `ready` has none. */
function readiness(raw: RawContainer, ports: PortMapping[], base: Path, fail: Fail): ReadySpec | null {
  const health = healthcheckProbe(raw.healthcheck, [...base, 'healthcheck'], fail);
  const ready = raw.ready ? normaliseReady(raw.ready, ports, [...base, 'ready'], fail) : null;
  if (!health) return ready;
  if (!ready) return { log: null, times: 1, http: null, tcp: null, exec: health.exec, interval: health.interval, timeout: health.timeout };
  return ready.exec ? ready : { ...ready, exec: health.exec };
}

function mounts(raw: RawContainer, base: Path, ctx: NormaliseContext): { volumes: VolumeMount[]; tmpfsVolumes: TmpfsMount[] } {
  const volumes: VolumeMount[] = [];
  const tmpfsVolumes: TmpfsMount[] = [];
  (raw.volumes ?? []).forEach((v, i) => {
    const parsed = parseMount(v, ctx.dir);
    if (parsed.invalid !== undefined) ctx.fail([...base, 'volumes', i], `unknown volume option ${JSON.stringify(parsed.invalid)} (ro, rw, z, Z, nocopy or a propagation such as rslave)`);
    if (parsed.mount) volumes.push(parsed.mount);
    if (parsed.tmpfs) tmpfsVolumes.push(parsed.tmpfs);
  });
  return { volumes, tmpfsVolumes };
}

/** The recipe's own `tmpfs:` targets (not the ephemeral defaults). */
function ownTmpfs(raw: RawContainer): { target: string }[] {
  const items = typeof raw.tmpfs === 'string' ? [raw.tmpfs] : Array.isArray(raw.tmpfs) ? raw.tmpfs : Object.keys(raw.tmpfs ?? {});
  return items.map((item) => ({ target: splitTmpfsItem(item)[0] }));
}

/** Two mounts on one path: Podman would take one silently; Compose refuses it. */
function checkTargets(volumes: VolumeMount[], tmpfs: { target: string }[], base: Path, fail: Fail): void {
  const seen = new Set<string>();
  volumes.forEach((v, i) => {
    if (seen.has(v.target)) fail([...base, 'volumes', i], `${JSON.stringify(v.target)} is mounted twice`);
    seen.add(v.target);
  });
  for (const t of tmpfs) {
    if (seen.has(t.target)) fail([...base, 'tmpfs'], `${JSON.stringify(t.target)} is both a tmpfs and a volume`);
    seen.add(t.target);
  }
}

function argvAt(value: Argv | undefined, path: Path, fail: Fail): string[] | null {
  if (value === undefined) return null;
  return toArgv(value) ?? fail(path, 'has an unclosed quote');
}

function dependsOn(raw: RawContainer['depends_on']): Record<string, DependsOn> {
  const out: Record<string, DependsOn> = {};
  if (Array.isArray(raw)) for (const dep of raw) out[dep] = { condition: 'started' };
  else for (const [dep, spec] of Object.entries(raw ?? {})) out[dep] = { condition: conditionOf(spec?.condition) };
  return out;
}

const MIN_MEMORY_BYTES = 6 * 1024 ** 2;
const MAX_CPUS = 1024;
const MAX_PIDS = 4_194_304;

function resources(raw: RawContainer, base: Path, fail: Fail): Resources {
  const r = composeResources(raw, base, fail);
  const path = [...base, 'resources'];
  const memory = r.memory === undefined ? null : size(r.memory, [...path, 'memory'], fail);
  const swapParsed = swapValue(r.memory_swap);
  if (swapParsed === 'invalid') return fail([...path, 'memory_swap'], `${JSON.stringify(r.memory_swap)} is not a valid size`);
  const swap = swapParsed === null || swapParsed === -1 ? swapParsed : size(swapParsed, [...path, 'memory_swap'], fail);
  // Podman's own floors and the kernel's ceiling: refused here, not at `podman run`.
  if (memory !== null && memory < MIN_MEMORY_BYTES) fail([...path, 'memory'], `${r.memory} is below 6 MiB, the least Podman accepts`);
  if (memory !== null && swap !== null && swap !== -1 && swap < memory) {
    fail([...path, 'memory_swap'], `${r.memory_swap} is below memory (${r.memory}): it counts memory plus swap`);
  }
  if (swap !== null && memory === null) fail([...path, 'memory_swap'], 'needs memory to be set too');
  const cpus = r.cpus === undefined || r.cpus === '' ? null : Number(r.cpus);
  if (cpus !== null && !(cpus >= 0.01 && cpus <= MAX_CPUS)) fail([...path, 'cpus'], `must be from 0.01 to ${MAX_CPUS}, not ${r.cpus}`);
  const pids = r.pids ?? null;
  if (pids !== null && pids > MAX_PIDS) fail([...path, 'pids'], `must be at most ${MAX_PIDS} (the kernel's largest pid_max), not ${r.pids}`);
  const gpus = gpusOf(raw.resources?.gpus);
  return { cpus, memory, memory_swap: swap, pids, ...(gpus === undefined ? {} : { gpus }) };
}

/** `none`, `""` (an unset variable) and 0 ask for no GPU; ids stay text (`0`, `GPU-1a2b...`). */
function gpusOf(raw: RawGpus | undefined): Gpus | undefined {
  if (raw === undefined || raw === 'none' || raw === '' || raw === 0) return undefined;
  if (raw === 'all') return 'all';
  if (typeof raw === 'number') return raw;
  return Array.isArray(raw) ? raw.map(String) : undefined;
}

function tmpfs(raw: RawContainer, base: Path, fail: Fail, homeDir: string | null, fromVolumes: TmpfsMount[]): TmpfsMount[] {
  const out: TmpfsMount[] = [...fromVolumes];
  const add = (target: string, value: string | number | null | undefined, path: Path) => {
    // No size (or an empty one) is no cap; Podman's "size=512m" spelling is read too.
    const bytes = value === null || value === undefined || value === '' ? null : size(typeof value === 'number' ? value : value.replace(/^size=/, ''), path, fail);
    out.push({ target, size: bytes });
  };
  if (typeof raw.tmpfs === 'string') add(...splitTmpfsItem(raw.tmpfs), [...base, 'tmpfs']);
  else if (Array.isArray(raw.tmpfs)) raw.tmpfs.forEach((item, i) => add(...splitTmpfsItem(item), [...base, 'tmpfs', i]));
  else for (const [target, size] of Object.entries(raw.tmpfs ?? {})) add(target, size, [...base, 'tmpfs', target]);
  if (raw.ephemeral) {
    // The caps the sandbox gets unless the recipe sets them (recipe/ephemeral.ts's table).
    for (const { target, size } of ephemeralDefaults(homeDir)) {
      if (!out.some((m) => m.target === target)) out.push({ target, size });
    }
  }
  return out;
}
