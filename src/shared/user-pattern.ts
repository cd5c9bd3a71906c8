/**
 * Regular expressions that users and recipes write (`ready.log`, `wait` patterns), matched
 * by re2js: RE2's linear-time engine in plain JavaScript. A backtracking pattern such as
 * `(a+)+$` cannot stall tempfs (V8's RegExp would block the event loop, signal handlers
 * included, for minutes). RE2 syntax is JavaScript's without lookaround and backreferences;
 * such a pattern is refused when it is read, not when it is matched.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

// re2js is a quarter of a megabyte of JavaScript (~20 ms to load): it is required on first
// use, not imported, so `tempfs config` and other verbs that only read a recipe whose
// patterns are plain text never load it. Its CommonJS build keeps compiling synchronous.
const load = createRequire(import.meta.url);
const engine = (): typeof RE2JS => (load('re2js') as typeof import('re2js')).RE2JS;

/**
 * Characters that can make a pattern invalid in RE2 syntax. `.`, `^` and `$` are valid
 * wherever they stand, so `^ready$` (the commonest log probe) needs no parser either.
 */
const SYNTAX = /[\\+*?()|[\]{}]/;

export interface UserPattern {
  readonly source: string;
  /** The first match in `line`, or null. */
  find(line: string): string | null;
  test(line: string): boolean;
}

/** Compiles `source`; throws an Error whose message says what is wrong with it. */
export function compileUserPattern(source: string): UserPattern {
  if (!SYNTAX.test(source)) return plainPattern(source);
  let compiled: RE2JS;
  try {
    compiled = engine().compile(source);
  } catch (e) {
    throw new Error(String((e as Error).message).replace(/^error parsing regexp: /, ''), { cause: e });
  }
  const find = (line: string): string | null => {
    const m = compiled.matcher(line);
    return m.find() ? m.group(0) : null;
  };
  return { source, find, test: (line) => find(line) !== null };
}

/**
 * Loads RE2's engine now if any of these patterns will need it: a caller with idle time
 * (`up` while the engine makes the network) spares the ~20 ms load from the moment the
 * pattern is first matched.
 */
export function warmUserPatterns(sources: readonly string[]): void {
  if (sources.some((source) => SYNTAX.test(source))) engine();
}

/** Why `source` is not a usable pattern, or null when it is. */
export function patternProblem(source: string): string | null {
  // Plain text (`listening on`, `^ready$`) is always a valid pattern: no need to load and run RE2's parser.
  if (!SYNTAX.test(source)) return null;
  try {
    compileUserPattern(source);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * A pattern of literal text, `.`, `^` and `$` only, matched by V8: with no repetition and no
 * alternation it runs in linear time, and these four mean the same in both syntaxes (the
 * `u` flag makes `.` one code point, as in RE2). Saves loading re2js for `^ready$`.
 */
function plainPattern(source: string): UserPattern {
  const regex = new RegExp(source, 'u');
  const find = (line: string): string | null => regex.exec(line)?.[0] ?? null;
  return { source, find, test: (line) => regex.test(line) };
}
