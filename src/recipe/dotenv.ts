/**
 * Env files (`.env`, `env_file:`, `--env-file`) with Compose's semantics (compose-go's
 * dotenv): `KEY=VALUE` or `KEY: VALUE`, an optional `export `, `#` comments (inline only
 * after a space on unquoted values), single quotes literal (but `\'`), double quotes with
 * shell escapes (`\n \t \" \\ \$`, octal `\0NNN`) and `${VAR}` expansion, unquoted values
 * expanded too, values over several lines inside quotes, a bare `KEY` taking the value
 * from the environment (dropped when unset). Expansion looks up `lookup` (the shell)
 * first, then the keys read so far. Malformed lines fail with the file and line.
 */
import { TempfsError } from '../errors.js';
import { interpolate, InterpolationProblem } from './interpolate.js';

export interface DotenvOptions {
  /** File name for messages. */
  file: string;
  /** Variables that win over the file's own during expansion (the shell); also fills bare keys. */
  lookup?: (name: string) => string | undefined;
  /** Values read before this file (earlier files): expansion falls back to them. */
  base?: Record<string, string>;
  /** `format: raw` — values verbatim: no quotes, escapes or expansion. */
  raw?: boolean;
}

const KEY_CHAR = /[\p{L}\p{N}_.\-[\]]/u;
const BLANK = /[ \t\v\f\r\u0085\u00a0]/;
const ESCAPE = /\\(?:[abcfnrtv$"\\]|0\d{0,3})/g;
const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$$' };

/** Parses `text` into `out` (which may hold earlier files' values) and returns it. */
export function parseDotenv(text: string, options: DotenvOptions): Record<string, string> {
  const out: Record<string, string> = { ...options.base };
  const src = text.startsWith('\ufeff') ? text.slice(1) : text;
  let i = 0;
  let line = 1;
  const fail = (at: number, message: string): never => {
    // `file:line:` in the message itself: an env file has lines, not columns worth naming.
    throw new TempfsError('ENV_FILE', `${options.file}:${at}: ${message}`);
  };
  const expand = (value: string, at: number): string => {
    try {
      return interpolate(value, (name) => options.lookup?.(name) ?? out[name]).value;
    } catch (e) {
      if (e instanceof InterpolationProblem) fail(at, e.message);
      throw e;
    }
  };
  const restOfLine = () => {
    const nl = src.indexOf('\n', i);
    return src.slice(i, nl < 0 ? src.length : nl);
  };

  for (;;) {
    // Blank space, line breaks and comment lines between statements.
    while (i < src.length && (BLANK.test(src[i]!) || src[i] === '\n' || src[i] === '#')) {
      if (src[i] === '#') i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
      else if (src[i++] === '\n') line++;
    }
    if (i >= src.length) break;
    const start = line;
    const exported = /^export[ \t\v\f\r]+/.exec(src.slice(i, i + 16));
    if (exported) i += exported[0].length;

    // The key: up to `=`, `:` or the end of the line (a bare key).
    const keyStart = i;
    while (i < src.length && !'=:\n'.includes(src[i]!)) {
      const c = src[i]!;
      if (!BLANK.test(c) && !KEY_CHAR.test(c)) fail(start, `unexpected character ${JSON.stringify(c)} in variable name ${JSON.stringify(src.slice(keyStart).split('\n')[0])}`);
      i++;
    }
    const key = src.slice(keyStart, i).replace(/[\s]+$/, '');
    if (/\s/.test(key)) fail(start, `key cannot contain a space: ${JSON.stringify(key)}`);
    if (i >= src.length || src[i] === '\n') {
      // A bare `KEY`: its value comes from the environment, or it is not set at all.
      const value = options.lookup?.(key);
      if (value !== undefined) out[key] = value;
      continue;
    }
    i++; // past `=` or `:`
    while (i < src.length && BLANK.test(src[i]!)) i++;

    const quote = src[i];
    if (options.raw || (quote !== '"' && quote !== "'")) {
      let value = restOfLine();
      i += value.length;
      if (!options.raw) {
        const comment = value.indexOf(' #');
        if (comment >= 0) value = value.slice(0, comment);
      }
      value = value.replace(/\s+$/, '');
      out[key] = options.raw ? value : expand(value, start);
      continue;
    }

    // Quoted: up to the matching quote that no backslash escapes; line breaks are kept.
    let body = '';
    let closed = false;
    for (i++; i < src.length; i++) {
      const c = src[i]!;
      if (c === '\n') line++;
      if (c === '\\' && i + 1 < src.length) {
        const next = src[i + 1]!;
        body += next === quote ? next : `\\${next}`;
        if (next === '\n') line++;
        i++;
        continue;
      }
      if (c === quote) {
        closed = true;
        i++;
        break;
      }
      body += c;
    }
    if (!closed) fail(start, `unterminated quoted value ${JSON.stringify(src.slice(keyStart).split('\n')[0])}`);
    out[key] = quote === '"' ? expand(unescape(body), start) : body;
    // After the closing quote: only blanks and a comment.
    const tail = restOfLine();
    if (tail.trim() !== '' && !tail.trim().startsWith('#')) fail(line, `unexpected ${JSON.stringify(tail.trim())} after the closing quote`);
    i += tail.length;
  }
  return out;
}

/** Shell escapes in a double-quoted value; `\$` becomes `$$` so expansion keeps a literal `$`. */
function unescape(body: string): string {
  return body.replace(ESCAPE, (match) => {
    const c = match[1]!;
    if (c !== '0') return ESCAPES[c] ?? match;
    // `\0NNN`: an octal byte (compose-go rewrites it to Go's `\NNN`, exactly three digits).
    const digits = match.slice(2);
    return digits.length === 3 && /^[0-7]{3}$/.test(digits) && parseInt(digits, 8) < 256 ? String.fromCharCode(parseInt(digits, 8)) : match;
  });
}
