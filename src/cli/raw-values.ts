/**
 * cac (through mri) turns every option value that looks like a number into one: `-p 007`
 * becomes the project "7", `-p ''` becomes 0, `-f 007` looks for a file "7". Values are
 * always text here: each value of a flag that takes one is marked before parsing, so mri
 * sees no number, and the mark is taken off afterwards.
 */

/** A character no one types; only lives between `protect` and `unprotect`. */
const MARK = '\u{E000}';

export interface FlagOption {
  names: string[];
  required?: boolean;
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** argv with the value of every value-taking flag marked (up to `--`). */
export function protectValues(argv: readonly string[], options: readonly FlagOption[]): string[] {
  const takesValue = new Set(options.filter((o) => o.required !== undefined).flatMap((o) => o.names));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...out, ...argv.slice(i)];
    const flag = /^(--?)([^=]+)(=(.*))?$/s.exec(arg);
    const name = flag ? camel(flag[2]!) : '';
    if (!flag || !takesValue.has(name)) {
      out.push(arg);
    } else if (flag[3] !== undefined) {
      out.push(`${flag[1]}${flag[2]}=${MARK}${flag[4]}`);
    } else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) {
      out.push(arg, MARK + argv[++i]!);
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * Takes the marks off every string in the parsed options (arrays too) and the positional
 * arguments: a flag that takes a value elsewhere can be a boolean in this command (`-f`
 * is `--file` globally but `--follow` for `logs`), which leaves its marked word positional.
 */
export function unprotect(options: Record<string, unknown>, args: string[]): void {
  const strip = (v: unknown): unknown =>
    typeof v === 'string' ? v.replaceAll(MARK, '') : Array.isArray(v) ? v.map(strip) : v;
  for (const [key, value] of Object.entries(options)) options[key] = strip(value);
  args.forEach((arg, i) => (args[i] = arg.replaceAll(MARK, '')));
}
