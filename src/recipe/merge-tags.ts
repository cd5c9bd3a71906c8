/**
 * Compose's `!reset` and `!override` YAML tags, kept as markers from parsing to merging:
 * `!reset` removes what earlier files set for the key; `!override` replaces it instead of
 * merging. Whatever is left after the merge (a tag in the first file) is unwrapped.
 */
import { isObject, type PositionTable } from './positions.js';

export class MergeTag {
  constructor(
    readonly tag: 'reset' | 'override',
    readonly value: unknown,
  ) {}
}

/** The document without markers: a `!reset` key is dropped, an `!override` value is kept. */
export function unwrapTags(value: unknown, table: PositionTable): unknown {
  if (value instanceof MergeTag) return value.tag === 'reset' ? undefined : unwrapTags(value.value, table);
  if (!isObject(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = unwrapTags(value[i], table);
    return value;
  }
  const map = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(map)) {
    const out = unwrapTags(v, table);
    if (out === undefined && v instanceof MergeTag) delete map[key];
    else map[key] = out;
  }
  return map;
}
