/** Named keys for `input`, as a terminal sends them (xterm, normal cursor mode). */
import { TempfsError } from '../errors.js';

const KEYS: Record<string, string> = {
  enter: '\r', tab: '\t', esc: '\x1b', escape: '\x1b', space: ' ', backspace: '\x7f',
  up: '\x1b[A', down: '\x1b[B', right: '\x1b[C', left: '\x1b[D',
  home: '\x1b[H', end: '\x1b[F', delete: '\x1b[3~', pageup: '\x1b[5~', pagedown: '\x1b[6~',
};

export const KEY_NAMES = [...Object.keys(KEYS), 'ctrl-a … ctrl-z', 'ctrl-\\', 'ctrl-]'];

export function keyBytes(name: string): string {
  const key = name.trim().toLowerCase();
  const known = KEYS[key];
  if (known !== undefined) return known;
  const ctrl = /^(?:ctrl|c)-(.)$/.exec(key);
  if (ctrl) {
    const ch = ctrl[1]!;
    if (ch >= 'a' && ch <= 'z') return String.fromCharCode(ch.charCodeAt(0) - 96);
    if (ch === '\\') return '\x1c';
    if (ch === ']') return '\x1d';
    if (ch === '[') return '\x1b';
  }
  throw new TempfsError('USAGE', `unknown key "${name}"`, { hint: `keys: ${KEY_NAMES.join(', ')}` });
}
