/**
 * The YAML 1.2 core schema for plain scalars, as the `yaml` package (the exact reader)
 * resolves them: the same tests in the same order, the same conversions. No YAML 1.1
 * forms (`yes`, `on`, `0b1`, `1_000`, sexagesimal) — those stay strings in both readers.
 */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const NAN_INF = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Characters that can start a core-schema null, bool or number; anything else is a string. */
const MAY_TYPE = new Set('~nNtTfF0123456789+-.');

export function coreScalar(source: string): string | number | boolean | null {
  if (source === '') return null;
  if (!MAY_TYPE.has(source[0]!)) return source;
  if (NULL.test(source)) return null;
  if (BOOL.test(source)) return source[0] === 't' || source[0] === 'T';
  if (OCT.test(source)) return parseInt(source.substring(2), 8);
  if (INT.test(source)) return parseInt(source, 10);
  if (HEX.test(source)) return parseInt(source.substring(2), 16);
  if (NAN_INF.test(source)) {
    if (source.slice(-3).toLowerCase() === 'nan') return NaN;
    return source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (EXP.test(source) || FLOAT.test(source)) return parseFloat(source);
  return source;
}
