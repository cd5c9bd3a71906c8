/**
 * The fast reader for the common case: YAML text -> plain data through js-yaml's event
 * stream, without positions. It types values exactly as the exact reader (parse.ts, over
 * the `yaml` package) does: YAML 1.2 core schema, merge keys, anchors and aliases, keys
 * stringified. Whatever the two readers could see differently (tags, directives, alias or
 * collection or empty keys, duplicate keys, anchors on keys, several documents, any
 * js-yaml error) is a FastPathMiss: the caller then runs the exact reader, which accepts
 * it the same way or words the error with its position.
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';
import { coreScalar } from './core-scalar.js';
import { MAX_ALIAS_VALUES } from './alias-limit.js';

/** The fast path cannot vouch for this input: take the exact path. */
export class FastPathMiss extends Error {}

/**
 * A string scalar containing `$`, kept for interpolation. `plain` (unquoted) ones are
 * re-typed after substitution, as the exact reader does.
 */
export class Template {
  constructor(
    readonly text: string,
    readonly plain: boolean,
  ) {}
}

export interface FastDocument {
  data: unknown;
  /** The document uses an alias somewhere. */
  aliases: boolean;
  /** The top-level map has a `<<` merge key. */
  rootMerged: boolean;
}

export function readYamlFast(text: string): FastDocument {
  // A `...` line can end an empty document (comments only) that `yaml` counts and js-yaml
  // does not. Rare in a recipe: miss on any such line, even inside a block scalar.
  if (/^\.\.\.(?:[ \t]|$)/m.test(text)) miss('document end marker');
  // A byte order mark after the start: the readers keep or drop it differently.
  if (text.indexOf('\ufeff', 1) >= 0) miss('byte order mark inside the text');
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch (cause) {
    throw new FastPathMiss('js-yaml rejects the text', { cause });
  }
  const anchors = new Map<string, unknown>();
  const merged = new WeakSet<object>();
  /** Placeholders of anchored collections (still open, or superseded while open). */
  const opening = new WeakSet<object>();
  let aliases = false;
  /** Values in each collection once expanded, and what aliases have added so far. */
  const sizes = new WeakMap<object, number>();
  const sizeOf = (value: unknown): number => (typeof value === 'object' && value !== null ? (sizes.get(value) ?? 1) : 1);
  let expanded = 0;
  let i = 0;
  const next = (): Event => events[i++] ?? miss('unexpected end of events');
  const slice = (start: number, end: number) => text.slice(start, end);

  /**
   * An alias names the latest anchor *opened* before it (as `yaml` resolves it): a
   * collection holds a placeholder while open, and takes its value at the end only if no
   * anchor of the same name was opened inside it.
   */
  const anchor = (e: { anchorStart: number; anchorEnd: number }, value: unknown, opened?: object) => {
    if (e.anchorStart < 0) return;
    // `yaml` wants white space after `&name`; js-yaml also ends a name at a flow indicator.
    if (!/[ \t\r\n]/.test(text[e.anchorEnd] ?? ' ')) miss('anchor not followed by white space');
    const name = slice(e.anchorStart, e.anchorEnd);
    if (opened === undefined || anchors.get(name) === opened) anchors.set(name, value);
  };

  const scalar = (e: ScalarEvent): unknown => {
    if (e.valueStart < 0) return null; // an empty node
    const value = getScalarValue(text, e);
    // An escaped line break followed by empty lines folds differently in the two readers.
    if (e.style === SCALAR_STYLE.DOUBLE_QUOTED && !e.fast && /\\[ \t]*\r?\n/.test(slice(e.valueStart, e.valueEnd))) miss('escaped line break');
    if (e.style === SCALAR_STYLE.PLAIN) {
      // A plain scalar with `$` cannot match a core-schema number, bool or null: a string.
      return value.includes('$') ? new Template(value, true) : coreScalar(value);
    }
    return value.includes('$') ? new Template(value, false) : value;
  };

  const node = (): unknown => {
    const e = next();
    if (e.type === EVENT_ID.ALIAS) {
      aliases = true;
      const name = slice(e.anchorStart, e.anchorEnd);
      const value = anchors.get(name);
      // An alias to a collection still open (a cycle) or to no anchor at all.
      if (!anchors.has(name) || opening.has(value as object)) miss(`alias *${name}`);
      // The reader shares the value, but everything after it walks the expanded tree: the
      // exact reader words the error.
      expanded += sizeOf(value);
      if (expanded > MAX_ALIAS_VALUES) miss('aliases expand too far');
      return value;
    }
    if (e.type !== EVENT_ID.SCALAR && e.type !== EVENT_ID.SEQUENCE && e.type !== EVENT_ID.MAPPING) return miss('unexpected event');
    if (e.tagStart >= 0) miss('explicit tag');
    if (e.type === EVENT_ID.SCALAR) {
      const value = scalar(e);
      anchor(e, value);
      return value;
    }
    const open = { pending: true };
    opening.add(open);
    anchor(e, open);
    const value = e.type === EVENT_ID.SEQUENCE ? sequence() : mapping();
    sizes.set(value, Object.values(value).reduce((n: number, v) => n + sizeOf(v), 1));
    anchor(e, value, open);
    return value;
  };

  const sequence = (): unknown[] => {
    const out: unknown[] = [];
    while (events[i]?.type !== EVENT_ID.POP) out.push(node());
    i++;
    return out;
  };

  const mapping = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    while (events[i]?.type !== EVENT_ID.POP) {
      const k = next();
      // The exact reader takes only scalar keys with a node (no alias, no collection).
      if (k.type !== EVENT_ID.SCALAR || k.valueStart < 0 || k.tagStart >= 0 || k.anchorStart >= 0) miss('not a plain key');
      // `yaml` refuses implicit keys over 1024 characters; js-yaml does not.
      if (k.valueEnd - k.valueStart > 1000) miss('long key');
      const source = getScalarValue(text, k as ScalarEvent);
      const isMerge = source === '<<';
      const plainMerge = isMerge && (k as ScalarEvent).style === SCALAR_STYLE.PLAIN;
      const key = (k as ScalarEvent).style === SCALAR_STYLE.PLAIN && !plainMerge ? String(coreScalar(source)) : source;
      // `yaml` rejects equal key values; equal key strings is a superset (1 and "1"): miss.
      if (!plainMerge) {
        if (seen.has(key) || key === '__proto__') miss(`key ${key}`);
        seen.add(key);
      }
      const viaAlias = events[i]?.type === EVENT_ID.ALIAS;
      const value = node();
      if (isMerge) {
        merged.add(out);
        mergeKey(value, viaAlias, out);
      }
      else out[key] = value;
    }
    i++;
    return out;
  };

  // `<<: *base` or `<<: [*a, *b]`: keys already set win; sources that are not maps are
  // skipped, and so is an alias to a list (the exact reader reads only a literal list).
  const mergeKey = (value: unknown, viaAlias: boolean, out: Record<string, unknown>) => {
    for (const source of Array.isArray(value) && !viaAlias ? value : [value]) {
      if (typeof source !== 'object' || source === null || Array.isArray(source) || source instanceof Template) continue;
      for (const [k, v] of Object.entries(source)) {
        if (k in out) continue;
        out[k] = v;
      }
    }
  };

  const doc = next();
  if (doc.type !== EVENT_ID.DOCUMENT || doc.directives.length > 0) miss('directives');
  const root = node();
  if (next().type !== EVENT_ID.POP || i !== events.length) miss('more than one document');
  return { data: root, aliases, rootMerged: typeof root === 'object' && root !== null && merged.has(root) };
}

function miss(why: string): never {
  throw new FastPathMiss(why);
}
