/**
 * Compose's variable interpolation for one string value:
 * `$$` (a literal `$`), `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty),
 * `${VAR-default}` (unset), `${VAR:?message}` / `${VAR?message}` (required),
 * `${VAR:+alt}` / `${VAR+alt}` (alternative when set). Defaults may nest (`${A:-${B}}`)
 * and hold braces (`${J:-{"a":1}}`). A `$` followed by none of these stays a literal `$`
 * (`"^REGEX$"`, `"a $ b"`), as in compose-go's template; an unclosed `${` is an error.
 */

export type Lookup = (name: string) => string | undefined;

export interface Interpolated {
  value: string;
  /** Variables used without a default and not set (each becomes ''). */
  unset: string[];
}

/** Why a value cannot be interpolated; `required` marks an unset `${VAR:?msg}`. */
export class InterpolationProblem extends Error {
  constructor(
    message: string,
    readonly required = false,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(input: string, lookup: Lookup): Interpolated {
  const unset: string[] = [];
  let out = '';
  let i = 0;
  while (i < input.length) {
    const dollar = input.indexOf('$', i);
    if (dollar < 0) {
      out += input.slice(i);
      break;
    }
    out += input.slice(i, dollar);
    const next = input[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(input, dollar + 2);
      if (end < 0) throw new InterpolationProblem(`invalid interpolation "${input.slice(dollar)}": missing "}"`);
      out += braced(input.slice(dollar + 2, end), lookup, unset);
      i = end + 1;
    } else {
      const name = NAME.exec(input.slice(dollar + 1))?.[0];
      if (name) out += resolve(name, lookup, unset);
      else out += '$';
      i = dollar + 1 + (name?.length ?? 0);
    }
  }
  return { value: out, unset };
}

/** Index of the `}` closing a `${` whose body starts at `from`, honouring nested `${...}`. */
function closingBrace(input: string, from: number): number {
  // Jump between the only tokens that matter (`$$`, `{`, `}`): start-up runs this cold,
  // where a per-character loop is slow in the interpreter. A bare `{` counts too, so a
  // default holding JSON (`${J:-{"a":1}}`) closes where Compose closes it.
  const tokens = /\$\$|\{|\}/g;
  tokens.lastIndex = from;
  let depth = 1;
  for (let m = tokens.exec(input); m; m = tokens.exec(input)) {
    if (m[0] === '{') depth++;
    else if (m[0] === '}' && --depth === 0) return m.index;
  }
  return -1;
}

function resolve(name: string, lookup: Lookup, unset: string[]): string {
  const value = lookup(name);
  if (value === undefined) {
    unset.push(name);
    return '';
  }
  return value;
}

function braced(body: string, lookup: Lookup, unset: string[]): string {
  const name = NAME.exec(body)?.[0];
  if (!name) throw new InterpolationProblem(`invalid interpolation "\${${body}}": expected a variable name`);
  const rest = body.slice(name.length);
  if (rest === '') return resolve(name, lookup, unset);
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!op) throw new InterpolationProblem(`invalid interpolation "\${${body}}": unexpected "${rest[0]}" after ${name}`);
  const value = lookup(name);
  const set = op.startsWith(':') ? value !== undefined && value !== '' : value !== undefined;
  // The operand is itself a template, evaluated only when used.
  const operand = () => {
    const inner = interpolate(rest.slice(op.length), lookup);
    unset.push(...inner.unset);
    return inner.value;
  };
  switch (op.at(-1)) {
    case '-':
      return set ? value! : operand();
    case '+':
      return set ? operand() : '';
    default: {
      if (set) return value!;
      const message = operand();
      throw new InterpolationProblem(`required variable ${name} is missing a value${message ? `: ${message}` : ''}`, true);
    }
  }
}
