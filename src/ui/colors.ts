/** ANSI colours, applied only when the caller says colour is on (a TTY without NO_COLOR). */
const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 } as const;

export type Color = keyof typeof codes;

export function paint(enabled: boolean, color: Color, text: string): string {
  return enabled ? `\u001b[${codes[color]}m${text}\u001b[0m` : text;
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
