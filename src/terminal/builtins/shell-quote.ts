/** Quotes one word for a POSIX shell: `a  b` -> `'a  b'`, `it's` -> `'it'\''s'`. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
