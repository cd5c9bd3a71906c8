/** Quotes one word for a POSIX shell: `a  b` -> `'a  b'`, `it's` -> `'it'\''s'` (the REPL's built-ins, a terminal's multi-line command). */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
