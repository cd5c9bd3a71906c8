/**
 * A plain (unquoted) scalar is read again after substitution, so `cpus: ${CPUS:-4}` is a
 * number and `init: ${INIT:-true}` a boolean; quoted scalars stay strings, and so does a number that would not read back
 * as the same text (`0123`, as Compose keeps `PIN: $PIN` a string). Shared by the
 * exact reader (parse.ts) and the fast one (fast-data.ts) so both type alike.
 */
export function retype(value: string): unknown {
  // Only when the number reads back as the same text: `0123` (a PIN) or `1.50` stay strings.
  if (/^-?\d+(\.\d+)?$/.test(value) && String(Number(value)) === value) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
