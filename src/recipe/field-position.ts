/**
 * Where a field of the merged recipe is written, for messages about the resolved model
 * (`tempfs kube` warnings): the last file that sets the path wins, as in the merge; when the
 * exact path is not in the text (a list written as a map), the nearest ancestor's place.
 * A compose file writes `containers.*` of the model under `services:`.
 */
import type { Node } from 'yaml';
import type { SourcePosition } from '../errors.js';
import { displayPath } from './locate.js';
import { readYaml, type ParsedYaml } from './parse.js';
import { readTextFile } from './read-text.js';

export type FieldLocator = (path: readonly (string | number)[]) => SourcePosition | undefined;

export async function fieldLocator(files: readonly string[], cwd: string): Promise<FieldLocator> {
  const parsed: ParsedYaml[] = await Promise.all(
    files.map(async (f) => {
      const shown = displayPath(cwd, f);
      return readYaml(await readTextFile(f, { what: `recipe ${shown}`, code: 'RECIPE_NOT_FOUND' }), shown);
    }),
  );
  return (path) => {
    const spellings = path[0] === 'containers' ? [path, ['services', ...path.slice(1)]] : [path];
    for (let n = path.length; n > 0; n--) {
      for (const p of [...parsed].reverse()) {
        for (const spelled of spellings) {
          const node = p.doc.getIn(spelled.slice(0, n), true) as Node | undefined;
          if (node?.range) return p.at(node.range[0]);
        }
      }
    }
    return undefined;
  };
}
