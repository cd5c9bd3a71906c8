/**
 * The one colour module: ANSI colours, applied only when the caller says colour is on (a TTY
 * without NO_COLOR). Hand-written rather than util.styleText, whose own stream checks differ
 * between Node versions. Each colour closes only itself (39, or 22 for bold and dim), so
 * styles nest: `bold(cyan(x))`.
 */
const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;

export type Color = keyof typeof codes;

export function paint(enabled: boolean, color: Color, text: string): string {
  const close = color === 'bold' || color === 'dim' ? 22 : 39;
  return enabled ? `\u001b[${codes[color]}m${text}\u001b[${close}m` : text;
}

/** Every colour as a function, all of them plain when colour is off (the terminal's prompt and errors). */
export type Style = Record<Color, (text: string) => string>;

export function makeStyle(enabled: boolean): Style {
  const style = {} as Style;
  for (const color of Object.keys(codes) as Color[]) style[color] = (text) => paint(enabled, color, text);
  return style;
}

/** Colour allowed for a stream: a TTY, NO_COLOR unset, TERM not dumb. */
export function colorEnabled(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

/** A stable colour per service name, for prefixed log lines. */
export function serviceColor(name: string): Color {
  const palette: Color[] = ['cyan', 'magenta', 'green', 'yellow', 'blue'];
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length]!;
}
