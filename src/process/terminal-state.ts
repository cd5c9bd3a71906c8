/**
 * How `cd` and `export` persist in a named terminal without parsing the user's command:
 * each command runs in a fresh shell (started in the terminal's cwd with its env) that
 * `eval`s it, and an EXIT trap prints the final `pwd` and `env -0` on stderr, hex-encoded
 * by `od` (so any byte survives) between two markers. The interceptor takes those lines
 * out of the log and decodes them into the terminal's next state.
 */
import { randomBytes } from 'node:crypto';

export interface ShellState {
  cwd: string;
  env: Record<string, string>;
}

/** Variables the shell itself sets per run; carrying them over would be wrong. */
const VOLATILE = new Set(['_', 'SHLVL']);

/** The shell's own bookkeeping variables of `env` (kept across commands, never taken from a run). */
export function volatileOf(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([key]) => VOLATILE.has(key)));
}

export function shQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function newMarker(): string {
  return `\x1etempfs-state-${randomBytes(6).toString('hex')}`;
}

export function wrapCommand(command: string, marker: string): string {
  const m = shQuote(marker);
  return [
    `__tempfs_state() { __tempfs_rc=$?; { printf '%s\\n' ${m}; ` +
      `{ printf '%s\\0' "$(pwd)"; env -0; } | od -An -v -tx1; printf '%s\\n' ${m}; } >&2; exit $__tempfs_rc; }`,
    'trap __tempfs_state EXIT',
    `eval ${shQuote(command)}`,
  ].join('\n');
}

/**
 * Collects the state block from stderr. `take` returns the text to log: the line as is,
 * null for a line of the block, or what preceded the start marker on its line.
 */
export class StateCollector {
  private inside = false;
  private hex: string[] = [];
  state: ShellState | undefined;

  constructor(private readonly marker: string) {}

  take(stream: 'stdout' | 'stderr', text: string): string | null {
    if (stream !== 'stderr') return text;
    if (!this.inside) {
      if (!text.endsWith(this.marker)) return text;
      this.inside = true;
      this.hex = [];
      // stderr that did not end with \n shares the marker's line.
      const before = text.slice(0, -this.marker.length);
      return before === '' ? null : before;
    }
    if (text === this.marker) {
      this.inside = false;
      this.state = decodeState(this.hex.join(''));
    } else {
      this.hex.push(text);
    }
    return null;
  }
}

export function decodeState(hex: string): ShellState | undefined {
  const bytes = Buffer.from(hex.replace(/[^0-9a-f]/gi, ''), 'hex');
  const [cwd, ...entries] = bytes.toString('utf8').split('\0');
  if (!cwd) return undefined;
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const key = entry.slice(0, eq);
    if (!VOLATILE.has(key)) env[key] = entry.slice(eq + 1);
  }
  return { cwd, env };
}
