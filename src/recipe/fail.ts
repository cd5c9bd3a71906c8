/** Raising a recipe error at the place of a value, by its path in the merged document. */
import { TempfsError, type ErrorCode } from '../errors.js';
import { formatPath, type Path, type PositionTable } from './positions.js';

export type Fail = (path: Path, message: string, options?: { key?: boolean; code?: ErrorCode; hint?: string; /** no path prefix */ plain?: boolean }) => never;

/** `shownRoot`: the word messages use for the first path segment `containers` (a compose file's `services`). */
export function failAt(root: unknown, table: PositionTable, shownRoot = 'containers'): Fail {
  return (path, message, options = {}) => {
    const shown = path[0] === 'containers' ? [shownRoot, ...path.slice(1)] : path;
    const where = options.plain ? '' : formatPath(shown);
    throw new TempfsError(options.code ?? 'RECIPE_INVALID', where ? `${where}: ${message}` : message, {
      at: table.find(root, path, { key: options.key }),
      hint: options.hint,
    });
  };
}
