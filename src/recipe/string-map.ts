/** `environment` / `labels`: a map or a `KEY=VALUE` list, to a map of strings. */
import type { StringMap } from './raw.js';

/**
 * A key without a value (`FOO` in a list, `FOO:` with no value in a map) takes its value
 * from `fallback` (the shell), as Compose does, and is dropped when that is unset too.
 */
export function toStringMap(value: StringMap | undefined, fallback: (key: string) => string | undefined = () => undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined) return out;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item) => {
        const eq = item.indexOf('=');
        return eq < 0 ? [item, null] : [item.slice(0, eq), item.slice(eq + 1)];
      })
    : Object.entries(value);
  for (const [key, v] of entries) {
    const resolved = v === null || v === undefined ? fallback(key) : String(v);
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}
