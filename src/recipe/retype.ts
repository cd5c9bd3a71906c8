/**
 * A plain (unquoted) scalar is read again after substitution, so `cpus: ${CPUS:-4}` is a
 * number and `init: ${INIT:-true}` a boolean; quoted scalars stay strings. Shared by the
 * exact reader (parse.ts) and the fast one (fast-data.ts) so both type alike.
 */
export function retype(value: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
