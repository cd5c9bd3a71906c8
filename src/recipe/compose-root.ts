/**
 * A compose file names its containers `services:`, a recipe `containers:`. Files merged with
 * `-f` may mix the two: every file takes the first file's word, so they merge by name.
 */
import { isObject, isPlainMap, type PositionTable } from './positions.js';

export type RootKey = 'containers' | 'services';

/** The word the merged document uses (the first file that has either). */
function rootKeyOf(docs: readonly unknown[]): RootKey {
  for (const doc of docs) {
    if (!isObject(doc)) continue;
    if ('containers' in doc) return 'containers';
    if ('services' in doc) return 'services';
  }
  return 'containers';
}

/** Renames the other word to `root` in each document (a new top-level object, positions kept). */
export function alignRoots(docs: unknown[], table: PositionTable): unknown[] {
  const root = rootKeyOf(docs);
  const other = root === 'containers' ? 'services' : 'containers';
  return docs.map((doc) => {
    if (!isPlainMap(doc) || !(other in doc) || root in doc) return doc;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(doc)) {
      const name = key === other ? root : key;
      out[name] = value;
      table.copy(doc, key, out, name);
    }
    return out;
  });
}
