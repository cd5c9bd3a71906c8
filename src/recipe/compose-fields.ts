/**
 * Compose's service fields that tempfs maps onto its own model: `healthcheck` (an exec
 * readiness probe run from the host), the resource spellings (`mem_limit`, `cpus`,
 * `deploy.resources.limits`, ...), `ulimits`, `extra_hosts`, `networks`, `secrets` and
 * `configs` from files, and the `service_*` dependency conditions.
 */
import { posix, resolve } from 'node:path';
import type { Fail } from './fail.js';
import type { DependencyCondition, FileMount, NetworkAttachment } from './model.js';
import type { Path } from './positions.js';
import type { DependencyConditionName, RawContainer, RawFileRef, RawHealthcheck, RawRecipe } from './raw.js';
import { parseDuration, parseSize } from '../shared/units.js';

/** Docker's healthcheck defaults. */
const HEALTHCHECK_DEFAULTS = { interval: 30_000, timeout: 30_000, retries: 3, start_period: 0 } as const;
/** tempfs waits for the first success only: it tries at least this often while waiting. */
const MAX_POLL_MS = 1_000;

export interface HealthcheckProbe {
  exec: string[];
  interval: number;
  timeout: number;
}

/**
 * `healthcheck` as an exec probe, or null (none, `disable: true`, `test: [NONE]`). Ready at
 * the first pass; failed when Docker would call it unhealthy: after `start_period` plus
 * `retries` tries of `interval` + `timeout`.
 */
export function healthcheckProbe(hc: RawHealthcheck | undefined, path: Path, fail: Fail): HealthcheckProbe | null {
  if (!hc || hc.disable || hc.test === undefined) return null;
  const test = typeof hc.test === 'string' ? ['CMD-SHELL', hc.test] : hc.test;
  const [kind, ...args] = test;
  if (kind === 'NONE') return null;
  let exec: string[];
  if (kind === 'CMD') exec = args;
  else if (kind === 'CMD-SHELL') exec = ['sh', '-c', args.join(' ')];
  else return fail([...path, 'test'], `must start with "CMD", "CMD-SHELL" or "NONE", not ${JSON.stringify(kind)}`);
  if (exec.length === 0) fail([...path, 'test'], 'names no command');
  const ms = (key: 'interval' | 'timeout' | 'start_period' | 'start_interval'): number | undefined => {
    const value = hc[key];
    if (value === undefined) return undefined;
    return parseDuration(value) ?? fail([...path, key], `${JSON.stringify(value)} is not a valid duration (e.g. "500ms", "90s", "1h30m")`);
  };
  const interval = ms('interval') ?? HEALTHCHECK_DEFAULTS.interval;
  const timeout = ms('timeout') ?? HEALTHCHECK_DEFAULTS.timeout;
  const startPeriod = ms('start_period') ?? HEALTHCHECK_DEFAULTS.start_period;
  const retries = hc.retries ?? HEALTHCHECK_DEFAULTS.retries;
  return {
    exec,
    interval: ms('start_interval') ?? Math.min(interval, MAX_POLL_MS),
    timeout: startPeriod + Math.max(1, retries) * (interval + timeout),
  };
}

/** `service_healthy` and friends to tempfs's names. */
export function conditionOf(name: DependencyConditionName | undefined): DependencyCondition {
  if (name === undefined || name === 'service_started') return 'started';
  if (name === 'service_healthy') return 'ready';
  if (name === 'service_completed_successfully') return 'completed_successfully';
  return name;
}

/**
 * `resources` merged with Compose's spellings. The same limit given twice with different
 * values is an error (as compose-go: "can't set distinct values").
 */
export function composeResources(raw: RawContainer, base: Path, fail: Fail): { cpus?: number | string; memory?: string | number; memory_swap?: string | number; pids?: number } {
  const limits = raw.deploy?.resources?.limits ?? {};
  const out: Record<string, unknown> = { ...raw.resources };
  const sources: Record<string, Path> = {};
  for (const key of Object.keys(out)) sources[key] = [...base, 'resources', key];
  const take = (key: string, value: unknown, path: Path) => {
    if (value === undefined) return;
    const same = (a: unknown, b: unknown) => String(a) === String(b) || (key.startsWith('memory') && parseSize(a as string) === parseSize(b as string));
    if (out[key] !== undefined && !same(out[key], value)) {
      fail(path, `${JSON.stringify(value)} differs from ${sources[key]!.slice(2).join('.')} (${JSON.stringify(out[key])}): set the limit once`);
    }
    out[key] = value;
    sources[key] = path;
  };
  take('memory', raw.mem_limit, [...base, 'mem_limit']);
  take('memory_swap', raw.memswap_limit, [...base, 'memswap_limit']);
  take('cpus', raw.cpus, [...base, 'cpus']);
  take('pids', raw.pids_limit, [...base, 'pids_limit']);
  const limitsPath = [...base, 'deploy', 'resources', 'limits'];
  take('memory', limits.memory, [...limitsPath, 'memory']);
  take('cpus', limits.cpus, [...limitsPath, 'cpus']);
  take('pids', limits.pids, [...limitsPath, 'pids']);
  return out as ReturnType<typeof composeResources>;
}

/** `memory_swap: "-1"` (a string, as Compose files often write it) is unlimited too. */
export function swapValue(value: string | number | undefined): number | null | 'invalid' {
  if (value === undefined) return null;
  if (value === -1 || value === '-1') return -1;
  return parseSize(value) ?? 'invalid';
}

export function ulimitsOf(raw: RawContainer['ulimits']): Record<string, { soft: number; hard: number }> {
  const out: Record<string, { soft: number; hard: number }> = {};
  for (const [name, v] of Object.entries(raw ?? {})) out[name] = typeof v === 'number' ? { soft: v, hard: v } : { soft: v.soft, hard: v.hard };
  return out;
}

/** `["host:ip"]`, `["host=ip,ip2"]` or `{host: ip | [ips]}` to `host:ip` entries (one per address). */
export function extraHostsOf(raw: RawContainer['extra_hosts']): string[] {
  if (raw === undefined) return [];
  if (Array.isArray(raw)) {
    return raw.flatMap((entry) => {
      const eq = entry.indexOf('=');
      if (eq < 0) return [entry];
      return entry.slice(eq + 1).split(',').map((ip) => `${entry.slice(0, eq)}:${ip}`);
    });
  }
  return Object.entries(raw).flatMap(([host, ips]) => [ips].flat().map((ip) => `${host}:${ip}`));
}

export function networksOf(raw: RawContainer['networks']): Record<string, NetworkAttachment> {
  if (raw === undefined) return {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((key) => [key, { aliases: [] }]));
  return Object.fromEntries(Object.entries(raw).map(([key, v]) => [key, { aliases: v?.aliases ?? [] }]));
}

/**
 * `secrets:` / `configs:` references to read-only file mounts: secrets at
 * `/run/secrets/<name>` (or `target`, relative to it), configs at `/<name>` (or `target`).
 */
export function fileMounts(
  kind: 'secrets' | 'configs',
  refs: RawFileRef[] | undefined,
  declared: RawRecipe['secrets'],
  base: Path,
  ctx: { dir: string; fail: Fail },
): FileMount[] {
  return (refs ?? []).map((ref, i) => {
    const name = typeof ref === 'string' ? ref : ref.source;
    const decl = declared?.[name];
    if (!decl) ctx.fail([...base, kind, i], `${kind.slice(0, -1)} ${JSON.stringify(name)} is not declared under top-level ${kind}`);
    const target = typeof ref === 'string' ? undefined : ref.target;
    const root = kind === 'secrets' ? '/run/secrets' : '/';
    return { name, source: resolve(ctx.dir, decl!.file), target: posix.resolve(root, target ?? name) };
  });
}
