/**
 * Checks that a module's default export is a usable command, and says precisely
 * what is wrong when it is not (the reason shown next to the module's path).
 */

const NAME = /^[^\s'"\\]+$/;

export function commandShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) {
    return `the default export must be a command object, got ${describe(value)}`;
  }
  const c = value as Record<string, unknown>;
  const wrong: string[] = [];
  if (typeof c.name !== 'string' || !NAME.test(c.name)) wrong.push('`name` must be a word without spaces or quotes');
  if (typeof c.description !== 'string') wrong.push('`description` must be a string');
  if (!isWords(c.roles) || c.roles.length === 0) wrong.push('`roles` must be a non-empty array of strings');
  if (c.aliases !== undefined && (!isWords(c.aliases) || !c.aliases.every((a) => NAME.test(a)))) {
    wrong.push('`aliases` must be an array of words');
  }
  if (typeof c.execute !== 'function') wrong.push('`execute` must be a function');
  return wrong.length === 0 ? null : wrong.join('; ');
}

function isWords(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing (no default export)';
  return typeof v;
}
