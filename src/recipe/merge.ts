/**
 * `-f a.yaml -f b.yaml`: later files override earlier ones key by key, following Compose's
 * merge rules where they are simple: maps merge; scalars and most lists replace; `ports`
 * are concatenated (identical entries once); `environment`, `labels` and `depends_on` merge
 * by name (list forms read as maps); container `volumes` merge by target path; `tmpfs`
 * merges by path. Positions travel with the values, so errors still point at their file.
 */
import { isObject, type PathSegment, type PositionTable } from './positions.js';

type Map = Record<string, unknown>;

export function mergeDocuments(base: unknown, override: unknown, table: PositionTable): unknown {
  return merge(base, override, [], table);
}

function merge(a: unknown, b: unknown, path: PathSegment[], table: PositionTable): unknown {
  const containerKey = path.length === 3 && (path[0] === 'containers' || path[0] === 'services') ? path[2] : undefined;
  if (containerKey === 'ports' && Array.isArray(a) && Array.isArray(b)) return concatUnique(a, b, table);
  if (containerKey === 'volumes' && Array.isArray(a) && Array.isArray(b)) return byTarget(a, b, table);
  if (containerKey === 'tmpfs' && Array.isArray(a) && Array.isArray(b)) return concatUnique(a, b, table);
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

/** Container volumes: an override entry replaces the base entry with the same target. */
function byTarget(a: unknown[], b: unknown[], table: PositionTable): unknown[] {
  const target = (v: unknown) => (typeof v === 'string' ? v.split(':')[1] : isObject(v) ? (v as Map).target : undefined);
  const replaced = new Set<unknown>(b.map(target).filter((t) => t !== undefined));
  const out: unknown[] = [];
  a.forEach((v, i) => {
    if (replaced.has(target(v))) return;
    table.copy(a, i, out, out.length);
    out.push(v);
  });
  b.forEach((v, i) => {
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
    const name = key === 'depends_on' || eq < 0 ? item : item.slice(0, eq);
    out[name] = key === 'depends_on' ? { condition: 'started' } : eq < 0 ? null : item.slice(eq + 1);
    table.copy(value, i, out, name);
  });
  return out;
}

function isPlainMap(value: unknown): value is Map {
  return isObject(value) && !Array.isArray(value);
}
