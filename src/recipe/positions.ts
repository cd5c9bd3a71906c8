/**
 * Where each value of a loaded recipe came from. Plain JS objects and arrays carry their
 * children's positions in a side table (a WeakMap keyed by the container object), so
 * merging files and validating the plain data keep every error pointing at the right
 * file:line:col without a parallel tree.
 */
import type { SourcePosition } from '../errors.js';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

interface Slots {
  /** Position of the object itself. */
  self?: SourcePosition;
  /** Position of each child's value. */
  values: Map<PathSegment, SourcePosition>;
  /** Position of each map key (for "unknown key" errors). */
  keys: Map<PathSegment, SourcePosition>;
}

export class PositionTable {
  readonly #slots = new WeakMap<object, Slots>();

  #slotsOf(owner: object): Slots {
    let slots = this.#slots.get(owner);
    if (!slots) {
      slots = { values: new Map(), keys: new Map() };
      this.#slots.set(owner, slots);
    }
    return slots;
  }

  setSelf(owner: object, pos: SourcePosition | undefined): void {
    if (pos) this.#slotsOf(owner).self = pos;
  }

  set(owner: object, key: PathSegment, value: SourcePosition | undefined, keyPos?: SourcePosition): void {
    const slots = this.#slotsOf(owner);
    if (value) slots.values.set(key, value);
    if (keyPos) slots.keys.set(key, keyPos);
  }

  /** Copy `from[fromKey]`'s positions onto `to[toKey]`. */
  copy(from: object, fromKey: PathSegment, to: object, toKey: PathSegment = fromKey): void {
    const slots = this.#slots.get(from);
    this.set(to, toKey, slots?.values.get(fromKey), slots?.keys.get(fromKey));
  }

  /**
   * The position of the value at `path` under `root` (or of its key with `key: true`);
   * when the exact place is unknown, the nearest known ancestor.
   */
  find(root: unknown, path: Path, options: { key?: boolean } = {}): SourcePosition | undefined {
    let best = isObject(root) ? this.#slots.get(root)?.self : undefined;
    let node: unknown = root;
    for (let i = 0; i < path.length && isObject(node); i++) {
      const slots = this.#slots.get(node);
      const seg = path[i]!;
      const last = i === path.length - 1;
      const pos = last && options.key ? (slots?.keys.get(seg) ?? slots?.values.get(seg)) : slots?.values.get(seg);
      if (pos) best = pos;
      node = (node as Record<PathSegment, unknown>)[seg];
    }
    return best;
  }
}

export function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** A YAML mapping as plain data (an object that is not a list). */
export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !Array.isArray(value);
}

/** `containers.web.ports[0]`, as compose-go names places. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
