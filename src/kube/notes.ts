/**
 * What cannot be said in Kubernetes is said twice, never dropped silently: as a warning that
 * names the field and its file:line:col, and as a comment above the manifest it concerns.
 */
import { TempfsError } from '../errors.js';
import type { RecipeWarning } from '../recipe/model.js';
import type { FieldPath, Locate } from './types.js';

/** `containers.web.ports[0]`, as the recipe layer names places. */
export function fieldName(path: FieldPath): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

export class Notes {
  readonly warnings: RecipeWarning[] = [];
  readonly #locate: Locate;

  constructor(locate: Locate = () => undefined) {
    this.#locate = locate;
  }

  /** A warning, and the same sentence as a comment into `comments`. */
  warn(path: FieldPath, message: string, comments: string[]): void {
    const text = `${fieldName(path)}: ${message}`;
    comments.push(text);
    // One warning per item, however many manifests it touches (a project-wide ttl).
    if (this.warnings.some((w) => w.message === text)) return;
    const at = this.#locate(path);
    this.warnings.push(at ? { message: text, file: at.file, line: at.line, col: at.col } : { message: text });
  }

  /** Something that cannot go to a cluster at all: exit 2 with the fix. */
  fail(path: FieldPath, message: string, hint: string): never {
    throw new TempfsError('RECIPE_INVALID', `${fieldName(path)}: ${message}`, { at: this.#locate(path), hint });
  }
}
