/**
 * Where a field of the merged recipe is written, for messages about the resolved model
 * (`tempfs kube` warnings): the last file that sets the path wins, as in the merge; when the
 * exact path is not in the text (a list written as a map), the nearest ancestor's place.
 */
import { readFile } from 'node:fs/promises';
import type { Node } from 'yaml';
import type { SourcePosition } from '../errors.js';
import { displayPath } from './locate.js';
import { readYaml, type ParsedYaml } from './parse.js';

export type FieldLocator = (path: readonly (string | number)[]) => SourcePosition | undefined;

export async function fieldLocator(files: readonly string[], cwd: string): Promise<FieldLocator> {
  const parsed: ParsedYaml[] = await Promise.all(files.map(async (f) => readYaml(await readFile(f, 'utf8'), displayPath(cwd, f))));
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      for (const p of [...parsed].reverse()) {
        const node = p.doc.getIn(path.slice(0, n), true) as Node | undefined;
        if (node?.range) return p.at(node.range[0]);
      }
    }
    return undefined;
  };
}
