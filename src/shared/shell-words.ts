/**
 * The one word splitter, for the terminal's lines and the recipe's string commands:
 * POSIX-sh-like word splitting without expansion.
 * Single quotes keep everything literal; double quotes let a backslash escape
 * `$ \` " \\` and newline; outside quotes a backslash escapes any character.
 * A trailing backslash asks for another line: the REPL joins the lines with '\n'
 * and parses the whole text again, so backslash-newline simply disappears.
 */

export type ParseResult =
  | { kind: 'empty' }
  /** The text ends with a line continuation: read another line and parse again. */
  | { kind: 'incomplete' }
  | { kind: 'command'; argv: string[] }
  | { kind: 'error'; message: string };

/** Characters a backslash escapes inside double quotes (as POSIX sh). */
const DOUBLE_QUOTE_ESCAPES = new Set(['$', '`', '"', '\\', '\n']);

export function parseLine(text: string): ParseResult {
  const argv: string[] = [];
  // null: between words. A quote starts a word even when it stays empty (`""`).
  let word: string | null = null;
  let quote: { char: "'" | '"'; col: number } | null = null;

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote?.char === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (c === '\\') {
      if (i === text.length - 1) {
        return quote ? unterminated(quote) : { kind: 'incomplete' };
      }
      const next = text[++i]!;
      if (next === '\n') continue; // line continuation: both characters vanish
      if (quote && !DOUBLE_QUOTE_ESCAPES.has(next)) word += '\\';
      word = (word ?? '') + next;
      continue;
    }
    if (quote) {
      if (c === '"') quote = null;
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = { char: c, col: i + 1 };
      word ??= '';
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== null) argv.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) return unterminated(quote);
  if (word !== null) argv.push(word);
  return argv.length === 0 ? { kind: 'empty' } : { kind: 'command', argv };
}

function unterminated(quote: { char: string; col: number }): ParseResult {
  const which = quote.char === "'" ? 'single' : 'double';
  return {
    kind: 'error',
    message: `unterminated ${which} quote (${quote.char}) opened at column ${quote.col}`,
  };
}
