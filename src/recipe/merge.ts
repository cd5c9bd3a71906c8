/**
 * `-f a.yaml -f b.yaml`: later files override earlier ones key by key, following Compose's
 * merge rules: maps merge; scalars, `command`, `entrypoint`, `healthcheck.test` and
 * tempfs's own lists replace; `ports`, `tmpfs`, `cap_add`, `cap_drop`, `profiles`,
 * `env_file` and `extra_hosts` append (identical entries once); `environment`, `labels`,
 * `depends_on` and `networks` merge by name (list forms read as maps); `volumes`,
 * `secrets` and `configs` merge by target path; `!reset` and `!override` (merge-tags.ts)
 * drop or replace. Positions travel with the values, so errors still point at their file.
 */
import { MergeTag } from './merge-tags.js';
import { isObject, isPlainMap, type PathSegment, type PositionTable } from './positions.js';

type Map = Record<string, unknown>;

export function mergeDocuments(base: unknown, override: unknown, table: PositionTable): unknown {
  return merge(base, override, [], table);
}

function merge(a: unknown, b: unknown, path: PathSegment[], table: PositionTable): unknown {
  const containerKey = path.length === 3 && (path[0] === 'containers' || path[0] === 'services') ? path[2] : undefined;
  if (containerKey === 'ports' && Array.isArray(a) && Array.isArray(b)) return concatUnique(a, b, table);
  if (containerKey === 'volumes' && Array.isArray(a) && Array.isArray(b)) return byTarget(a, b, table);
  // Compose appends these lists, each entry once (compose-go's merge + unicity rules).
  if (containerKey !== undefined && APPENDED.has(String(containerKey))) {
    const [la, lb] = [asList(a, containerKey), asList(b, containerKey)];
    if (la && lb) return concatUnique(la, lb, table);
  }
  if ((containerKey === 'secrets' || containerKey === 'configs') && Array.isArray(a) && Array.isArray(b)) return byTarget(a, b, table, fileTarget(String(containerKey)));
  if (containerKey === 'networks') {
    const [ma, mb] = [asMap(a, containerKey, table), asMap(b, containerKey, table)];
    if (ma && mb) return mergeMaps(ma, mb, path, table);
  }
  if (containerKey === 'environment' || containerKey === 'labels' || containerKey === 'depends_on') {
    const [ma, mb] = [asMap(a, containerKey, table), asMap(b, containerKey, table)];
    if (ma && mb) return mergeMaps(ma, mb, path, table);
  }
  if (isPlainMap(a) && isPlainMap(b)) return mergeMaps(a, b, path, table);
  return b;
}

function mergeMaps(a: Map, b: Map, path: PathSegment[], table: PositionTable): Map {
  const out: Map = {};
  for (const [key, value] of Object.entries(a)) {
    out[key] = value;
    table.copy(a, key, out);
  }
  for (const [key, value] of Object.entries(b)) {
    if (value instanceof MergeTag) {
      // `!reset`: as if no earlier file had set it; `!override`: this value, not merged.
      if (value.tag === 'reset') delete out[key];
      else out[key] = value.value;
      if (value.tag === 'override') table.copy(b, key, out);
      continue;
    }
    const merged = key in out ? merge(out[key], value, [...path, key], table) : value;
    out[key] = merged;
    // A merged map keeps its own positions; the entry points at the overriding file.
    table.copy(b, key, out);
  }
  return out;
}

function concatUnique(a: unknown[], b: unknown[], table: PositionTable): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const [list, i] of [...a.map((_, i) => [a, i] as const), ...b.map((_, i) => [b, i] as const)]) {
    const key = JSON.stringify(list[i]);
    if (seen.has(key)) continue;
    seen.add(key);
    table.copy(list, i, out, out.length);
    out.push(list[i]);
  }
  return out;
}

/** Container lists Compose appends (each entry once). `tmpfs` and `env_file` may be one string. */
const APPENDED = new Set(['tmpfs', 'cap_add', 'cap_drop', 'profiles', 'env_file', 'extra_hosts']);

function asList(value: unknown, key: PathSegment): unknown[] | null {
  if (key === 'extra_hosts' && isPlainMap(value)) {
    // extra_hosts' map form, as compose-go turns it into a list: `HOST=IP` entries, sorted.
    return Object.entries(value).flatMap(([k, v]) => [v].flat().map((ip) => `${k}=${String(ip)}`)).sort();
  }
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : null;
}

/** Where a secret or config lands, to merge them by target. */
function fileTarget(kind: string): (v: unknown) => unknown {
  return (v) => {
    const source = typeof v === 'string' ? v : isObject(v) ? (v as Map).source : undefined;
    const target = isObject(v) ? (v as Map).target : undefined;
    const path = String(target ?? source);
    return path.startsWith('/') ? path : kind === 'secrets' ? `/run/secrets/${path}` : `/${path}`;
  };
}

const volumeTarget = (v: unknown) => (typeof v === 'string' ? (v.includes(':') ? v.split(':')[1] : v) : isObject(v) ? (v as Map).target : undefined);

/** Container volumes: an override entry replaces the base entry with the same target. */
function byTarget(a: unknown[], b: unknown[], table: PositionTable, target: (v: unknown) => unknown = volumeTarget): unknown[] {
  // An override entry takes the place of the base entry with its target; new ones follow.
  const fromB = new Map<unknown, number>();
  b.forEach((v, i) => fromB.set(target(v), i));
  const used = new Set<number>();
  const out: unknown[] = [];
  a.forEach((v, i) => {
    const j = fromB.get(target(v));
    if (j === undefined) {
      table.copy(a, i, out, out.length);
      out.push(v);
    } else if (!used.has(j)) {
      used.add(j);
      table.copy(b, j, out, out.length);
      out.push(b[j]);
    }
  });
  b.forEach((v, i) => {
    if (used.has(i)) return;
    table.copy(b, i, out, out.length);
    out.push(v);
  });
  return out;
}

/** The map form of environment/labels (`KEY=VALUE` list) or depends_on (list of names). */
function asMap(value: unknown, key: PathSegment, table: PositionTable): Map | null {
  if (isPlainMap(value)) return value;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return null;
  const out: Map = {};
  value.forEach((item: string, i) => {
    const eq = item.indexOf('=');
    const name = key === 'depends_on' || key === 'networks' || eq < 0 ? item : item.slice(0, eq);
    out[name] = key === 'depends_on' ? { condition: 'started' } : key === 'networks' || eq < 0 ? null : item.slice(eq + 1);
    table.copy(value, i, out, name);
  });
  return out;
}
