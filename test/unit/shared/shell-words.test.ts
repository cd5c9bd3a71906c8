import { describe, expect, it } from 'vitest';
import { parseLine } from '../../../src/shared/shell-words.js';
import { splitWords } from '../../../src/recipe/argv.js';

const argv = (text: string) => {
  const r = parseLine(text);
  if (r.kind !== 'command') throw new Error(`expected a command, got ${JSON.stringify(r)}`);
  return r.argv;
};

describe('parseLine', () => {
  it('splits words on blanks', () => {
    expect(argv('  bash   ls\t-la ')).toEqual(['bash', 'ls', '-la']);
  });

  it('groups words with single and double quotes, keeping inner blanks', () => {
    expect(argv(`bash echo "a  b" 'c  d'`)).toEqual(['bash', 'echo', 'a  b', 'c  d']);
    expect(argv(`x a"b c"d`)).toEqual(['x', 'ab cd']);
    expect(argv(`x "" ''`)).toEqual(['x', '', '']);
  });

  it('keeps everything literal inside single quotes', () => {
    expect(argv(String.raw`x 'a\b "c" $d'`)).toEqual(['x', String.raw`a\b "c" $d`]);
  });

  it('escapes any character outside quotes', () => {
    expect(argv(String.raw`x a\ b \"q\" \'s \\`)).toEqual(['x', 'a b', '"q"', "'s", '\\']);
  });

  it('escapes only $ ` " \\ inside double quotes, as POSIX sh', () => {
    expect(argv(String.raw`x "a\"b" "\$v" "\\" "\n"`)).toEqual(['x', 'a"b', '$v', '\\', '\\n']);
  });

  it('asks for another line after a trailing backslash', () => {
    expect(parseLine('bash echo one \\')).toEqual({ kind: 'incomplete' });
  });

  it('joins continued lines, the backslash-newline disappearing', () => {
    expect(argv('bash echo one \\\ntwo')).toEqual(['bash', 'echo', 'one', 'two']);
    expect(argv('bash echo on\\\ne')).toEqual(['bash', 'echo', 'one']);
    expect(argv('x "a\\\nb"')).toEqual(['x', 'ab']);
  });

  it('reports an unterminated quote as an error with its column', () => {
    expect(parseLine(`chat "hello`)).toEqual({
      kind: 'error',
      message: 'unterminated double quote (") opened at column 6',
    });
    expect(parseLine(`x 'it`)).toEqual({
      kind: 'error',
      message: "unterminated single quote (') opened at column 3",
    });
    expect(parseLine(`x "a \\`).kind).toBe('error');
  });

  it('returns empty for blank lines', () => {
    expect(parseLine('')).toEqual({ kind: 'empty' });
    expect(parseLine('   \t ')).toEqual({ kind: 'empty' });
  });
});

describe('a recipe command string splits as the terminal splits a line', () => {
  it('quotes, escapes and an unclosed quote', () => {
    expect(splitWords(`sh -c 'echo "$HOME"' a\\ b ""`)).toEqual(['sh', '-c', 'echo "$HOME"', 'a b', '']);
    expect(splitWords('  ')).toEqual([]);
    expect(splitWords('echo "open')).toBeNull();
    expect(splitWords('echo end\\')).toEqual(['echo', 'end']);
  });
});
