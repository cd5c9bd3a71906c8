/**
 * Turns "the schema rejected this document" into the single most specific cause, as one
 * sentence naming the path (compose-go style). ajv only answers valid/invalid here: its
 * error list cannot tell which `oneOf` branch the user meant, so we walk the schema
 * ourselves and, at each `oneOf`, follow the branch whose type matches the value.
 * Supports the subset of JSON Schema that schema/tempfs.schema.json uses.
 */
import { didYouMean } from '../shared/suggest.js';
import { formatPath, type Path } from './positions.js';

export type Schema = Record<string, any>;

export interface Problem {
  path: Path;
  /** The full sentence, path included. */
  message: string;
  /** The problem is the key at `path` (unknown or badly named), not its value. */
  atKey?: boolean;
  /** Point at the key naming the value (e.g. a map missing a required key). */
  pointAtKey?: boolean;
}

type Found = { path: Path; text: string; atKey?: boolean; pointAtKey?: boolean };

export function explain(root: Schema, value: unknown): Problem | null {
  const deref = (s: Schema): Schema => (typeof s.$ref === 'string' ? deref(pointer(root, s.$ref)) : s);

  const walk = (raw: Schema, v: unknown, path: Path): Found | null => {
    const s = deref(raw);
    if (s.oneOf) {
      const branches = (s.oneOf as Schema[]).map(deref).filter((b) => typeMatches(b, v));
      if (branches.length === 0) return { path, text: xError(s, v) ?? mustBe(s.oneOf.map(deref).flatMap(typesOf), v) };
      let first: Found | null = null;
      for (const branch of branches) {
        const found = walk(branch, v, path);
        if (!found) return null;
        first ??= found;
      }
      // A failure of the value itself reads better in the words of the whole definition.
      return first!.path.length === path.length && !first!.atKey ? { path, text: xError(s, v) ?? first!.text } : first;
    }
    if (!typeMatches(s, v)) return { path, text: xError(s, v) ?? mustBe(typesOf(s), v) };
    if ('const' in s && v !== s.const) return { path, text: xError(s, v) ?? `must be ${JSON.stringify(s.const)}` };
    if (s.enum && !s.enum.includes(v)) return { path, text: `${show(v)} is not one of ${s.enum.join(', ')}` };
    if (typeof v === 'string' && s.pattern && !new RegExp(s.pattern, 'u').test(v)) {
      return { path, text: xError(s, v) ?? `${show(v)} does not match ${s.pattern}` };
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) return { path, text: `must be at least ${s.minimum}, not ${v}` };
      if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) return { path, text: `must be more than ${s.exclusiveMinimum}, not ${v}` };
      if (s.maximum !== undefined && v > s.maximum) return { path, text: `must be at most ${s.maximum}, not ${v}` };
    }
    if (Array.isArray(v) && s.items) {
      for (let i = 0; i < v.length; i++) {
        const found = walk(s.items, v[i], [...path, i]);
        if (found) return found;
      }
    }
    if (isMap(v)) return walkObject(s, v, path);
    return null;
  };

  const walkObject = (s: Schema, v: Record<string, unknown>, path: Path): Found | null => {
    for (const [key, child] of Object.entries(v)) {
      const here = [...path, key];
      const namePattern = s.propertyNames?.pattern;
      if (namePattern && !new RegExp(namePattern, 'u').test(key)) {
        return { path: here, atKey: true, text: `${show(key)} is not a valid name${nameRule(namePattern)}` };
      }
      let sub: Schema | boolean | undefined = s.properties?.[key];
      if (!sub) {
        const pattern = Object.keys(s.patternProperties ?? {}).find((p) => new RegExp(p, 'u').test(key));
        sub = pattern ? s.patternProperties[pattern] : s.additionalProperties;
      }
      if (sub === false) {
        const where = path.length ? '' : 'top-level ';
        return { path: here, atKey: true, text: `unknown ${where}key ${show(key)}${didYouMean(key, Object.keys(s.properties ?? {}))}` };
      }
      if (sub && typeof sub === 'object') {
        const found = walk(sub, child, here);
        if (found) return found;
      }
    }
    const missing = (s.required as string[] | undefined)?.find((key) => !(key in v));
    return missing ? { path, text: `missing required key ${show(missing)}`, pointAtKey: true } : null;
  };

  const found = walk(root, value, []);
  if (!found) return null;
  const subject = found.path.length === 0 ? 'the recipe ' : found.atKey ? `${formatPath(found.path.slice(0, -1))}: ` : `${formatPath(found.path)}: `;
  const message = found.atKey && found.path.length === 1 ? found.text : `${subject}${found.text}`;
  return { path: found.path, message, atKey: found.atKey, pointAtKey: found.pointAtKey };
}

function pointer(root: Schema, ref: string): Schema {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node: Schema, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')], root);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typesOf(s: Schema): string[] {
  if (s.type) return [s.type].flat();
  if ('const' in s) return [typeName(s.const)];
  if (s.enum) return [...new Set((s.enum as unknown[]).map(typeName))];
  return [];
}

function typeMatches(s: Schema, v: unknown): boolean {
  if (s.oneOf) return true; // decided by the branches
  const types = typesOf(s);
  if (types.length === 0) return true;
  const actual = typeName(v);
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

const WORDS: Record<string, string> = {
  object: 'a map',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
};

function mustBe(types: string[], v: unknown): string {
  const words = [...new Set(types.map((t) => WORDS[t] ?? t))];
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : (words[0] ?? 'something else');
  const actual = typeName(v);
  return `must be ${list}, not ${actual === 'integer' ? 'a number' : WORDS[actual]}`;
}

/** Our `x-error` annotation: a predicate ("is not a valid size"), or one per value type. */
function xError(s: Schema, v: unknown): string | undefined {
  const spec = s['x-error'];
  if (spec === undefined || (typeof v === 'object' && v !== null)) return undefined;
  const text: string | undefined = typeof spec === 'string' ? spec : (spec[typeof v] ?? spec.default);
  return text && `${show(v)} ${text.replace('{value}', String(v))}`;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function nameRule(pattern: string): string {
  if (pattern === '^/') return ': it must be an absolute path';
  return ' (letters, digits, "_", "." and "-", starting with a letter or digit)';
}
