/**
 * YAML text -> plain data, with every value's position recorded in a PositionTable and
 * (optionally) Compose interpolation applied to scalar values, never to keys.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import { TempfsError, type SourcePosition } from '../errors.js';
import { MAX_ALIAS_VALUES } from './alias-limit.js';
import type { RecipeWarning } from './model.js';
import { interpolate, InterpolationProblem, type Lookup } from './interpolate.js';
import { MergeTag } from './merge-tags.js';
import { formatPath, type PathSegment, type PositionTable } from './positions.js';
import { retype } from './retype.js';

export interface ParseOptions {
  table: PositionTable;
  /** Variable lookup; omitted: no interpolation (`config --no-interpolate`). */
  lookup?: Lookup;
  warnings: RecipeWarning[];
  /** An unset `${VAR:?msg}` is a warning and empty instead of an error (`config --no-interpolate`). */
  lenient?: boolean;
}

export interface ParsedYaml {
  doc: Document;
  /** Offset in the text -> position. */
  at: (offset: number | undefined) => SourcePosition;
}

/** Parse only; YAML syntax errors become RECIPE_SYNTAX at the parser's position. */
export function readYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  // yaml's own unique-key check compares each key with every earlier one (64k keys: 16 s);
  // duplicateKey() below does the same check in one pass.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: false });
  const at = (offset: number | undefined): SourcePosition => {
    const { line, col } = lines.linePos(offset ?? 0);
    return { file, line, col };
  };
  const syntax = doc.errors[0];
  const duplicate = duplicateKey(doc);
  if (duplicate !== null && (!syntax || duplicate < syntax.pos[0])) {
    throw new TempfsError('RECIPE_SYNTAX', 'Map keys must be unique', { at: at(duplicate) });
  }
  if (syntax) {
    throw new TempfsError('RECIPE_SYNTAX', firstSentence(syntax.message), { at: at(syntax.pos[0]), cause: syntax });
  }
  return { doc, at };
}

/**
 * The offset of the first key equal to an earlier key of its map (as yaml compares them:
 * scalar values, so 1 and "1" differ; repeated `<<` merge keys are allowed), or null.
 */
function duplicateKey(doc: Document): number | null {
  let first: number | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key) || typeof key.value === 'symbol') continue;
        if (!seen.has(key.value)) seen.add(key.value);
        else if (first === null || (key.range?.[0] ?? 0) < first) first = key.range?.[0] ?? 0;
      }
    },
  });
  return first;
}

function aliasBombError(at: SourcePosition): TempfsError {
  return new TempfsError('RECIPE_INVALID', `aliases expand to more than ${MAX_ALIAS_VALUES} values`, {
    at,
    hint: 'a recipe may reuse fragments with anchors and aliases, but not multiply them without bound',
  });
}

/** The document as plain data, positions recorded, values interpolated. */
export function toData({ doc, at }: ParsedYaml, options: ParseOptions): unknown {
  const warned = new Set<string>();
  /** Values converted through aliases so far, and the alias being expanded. */
  let expanded = 0;
  let via: Node | null = null;
  // yaml's resolve() walks the whole document each time: once per alias node is enough.
  const targets = new Map<Node, Node | undefined>();
  const target = (alias: Node & { resolve: (d: Document) => unknown }) => {
    if (!targets.has(alias)) targets.set(alias, alias.resolve(doc) as Node | undefined);
    return targets.get(alias);
  };
  const convert = (node: Node | null | undefined, path: PathSegment[]): unknown => {
    if (via !== null && ++expanded > MAX_ALIAS_VALUES) throw aliasBombError(at(via.range?.[0]));
    if (isAlias(node)) {
      const outer = via;
      via ??= node;
      try {
        return convert(target(node), path);
      } finally {
        via = outer;
      }
    }
    // Compose's merge tags: `!reset` drops what earlier files set, `!override` replaces it whole.
    if (node && (node.tag === '!reset' || node.tag === '!override')) {
      const tag = node.tag === '!reset' ? 'reset' : 'override';
      return new MergeTag(tag, convert(Object.assign(node.clone(), { tag: undefined }) as Node, path));
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      options.table.setSelf(out, at(node.range?.[0]));
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        // With `merge: true`, yaml reads a `<<` key as a symbol.
        const key = !isScalar(keyNode) ? null : typeof keyNode.value === 'symbol' ? '<<' : String(keyNode.value);
        if (key === null) throw new TempfsError('RECIPE_SYNTAX', `${formatPath(path) || 'the recipe'}: keys must be plain strings`, { at: at(keyNode?.range?.[0]) });
        if (key === '<<') {
          mergeKey(pair.value as Node, path, out);
          continue;
        }
        out[key] = convert(pair.value as Node | null, [...path, key]);
        options.table.set(out, key, at((pair.value as Node | null)?.range?.[0] ?? keyNode?.range?.[2]), at(keyNode?.range?.[0]));
      }
      return out;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      options.table.setSelf(out, at(node.range?.[0]));
      node.items.forEach((item, i) => {
        out.push(convert(item as Node | null, [...path, i]));
        options.table.set(out, i, at((item as Node | null)?.range?.[0]));
      });
      return out;
    }
    if (isScalar(node)) return scalar(node, path);
    return null;
  };

  // `<<: *base` (YAML merge keys, used with x- fragments in Compose files): keys already set win.
  const mergeKey = (value: Node, path: PathSegment[], out: Record<string, unknown>) => {
    const sources = isSeq(value) ? (value.items as Node[]) : [value];
    for (const source of sources) {
      const merged = convert(source, path);
      if (typeof merged !== 'object' || merged === null || Array.isArray(merged)) continue;
      for (const [k, v] of Object.entries(merged)) {
        if (k in out) continue;
        out[k] = v;
        options.table.copy(merged, k, out);
      }
    }
  };

  const scalar = (node: Scalar, path: PathSegment[]): unknown => {
    const value = node.value;
    if (typeof value !== 'string' || !options.lookup || !value.includes('$')) return value;
    let result;
    try {
      result = interpolate(value, options.lookup);
    } catch (e) {
      if (!(e instanceof InterpolationProblem)) throw e;
      if (e.required && options.lenient) {
        options.warnings.push({ message: `${formatPath(path)}: ${e.message}`, ...at(node.range?.[0]) });
        return '';
      }
      throw new TempfsError('INTERPOLATION', `${formatPath(path)}: ${e.message}`, { at: at(node.range?.[0]) });
    }
    for (const name of result.unset) {
      if (warned.has(name)) continue;
      warned.add(name);
      const pos = at(node.range?.[0]);
      options.warnings.push({ message: `variable ${name} is not set: using an empty string`, ...pos });
    }
    // A plain (unquoted) scalar is read again after substitution, so `cpus: ${CPUS:-4}` is a number.
    return node.type === Scalar.PLAIN ? retype(result.value) : result.value;
  };

  return convert(doc.contents as Node | null, []);
}

/** yaml's messages end with " at line L, column C" (and a code frame when pretty): drop both. */
function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
