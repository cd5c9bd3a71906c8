/**
 * ANSI styling for the terminal, or none: the caller decides (a TTY and no NO_COLOR).
 * Hand-written rather than util.styleText, whose own stream checks differ between Node versions.
 */
export interface Style {
  red(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

const COLOURED: Style = { red: wrap(31, 39), dim: wrap(2, 22), bold: wrap(1, 22), cyan: wrap(36, 39) };
const same = (text: string) => text;
const PLAIN: Style = { red: same, dim: same, bold: same, cyan: same };

export function makeStyle(color: boolean): Style {
  return color ? COLOURED : PLAIN;
}

