/**
 * Global flags before the verb mean the global flag, as in `docker compose -f FILE logs -f`:
 * the short forms of the value-taking ones are rewritten to the long ones, which no verb
 * reuses (`logs` has its own `-f, --follow`, and cac would read a leading `-f FILE` as that).
 * Which flags those are comes from cac's own option table (`cli.globalCommand.options`).
 */
import type { FlagOption } from './raw-values.js';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function globalFlagsFirst(argv: readonly string[], globals: readonly FlagOption[]): string[] {
  /** Every spelling of a value-taking global flag (`-f`, `--file`) to its long form. */
  const long = new Map<string, string>();
  for (const { names, required } of globals) {
    if (required === undefined) continue;
    const spelled = `--${kebab(names.at(-1)!)}`;
    for (const name of names) long.set(name.length === 1 ? `-${name}` : `--${kebab(name)}`, spelled);
  }
  const out = [...argv];
  for (let i = 0; i < out.length; i++) {
    const word = out[i]!;
    if (word === '--' || !word.startsWith('-')) break; // the verb (or the end of options)
    const [flag, inline] = splitInline(word);
    const spelled = long.get(flag);
    if (spelled === undefined) continue;
    if (spelled !== flag) out[i] = inline === undefined ? spelled : `${spelled}=${inline}`;
    if (inline === undefined) i++; // its value is not the verb
  }
  return out;
}

function splitInline(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq < 0 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}
