/**
 * Global flags before the verb mean the global flag, as in `docker compose -f FILE logs -f`:
 * their short forms are rewritten to the long ones, which no verb reuses (`logs` has its
 * own `-f, --follow`, and cac would read a leading `-f FILE` as that).
 */
const SHORT: Record<string, string> = { '-f': '--file', '-p': '--project-name' };
/** Global flags that take a value (the word after them is not the verb). */
const TAKES_VALUE = new Set(['--file', '--project-name', '--env-file', '--profile', '--progress']);

export function globalFlagsFirst(argv: readonly string[]): string[] {
  const out = [...argv];
  for (let i = 0; i < out.length; i++) {
    const word = out[i]!;
    if (word === '--' || !word.startsWith('-')) break; // the verb (or the end of options)
    const [flag, inline] = splitInline(word);
    const long = SHORT[flag] ?? flag;
    if (long !== flag) out[i] = inline === undefined ? long : `${long}=${inline}`;
    if (TAKES_VALUE.has(long) && inline === undefined) i++;
  }
  return out;
}

function splitInline(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}
