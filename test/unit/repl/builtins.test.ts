import { describe, expect, it } from 'vitest';
import type { ReplCommand } from '../../../src/repl/command.js';
import { baseCommands } from '../../../src/repl/builtins/base.js';
import { pingCommand } from '../../../src/repl/builtins/ping.js';
import { shellQuote } from '../../../src/shared/shell-quote.js';
import { fakeContainer, recordingContext } from './fakes.js';

const [bash, clear, exit, help] = baseCommands() as [ReplCommand, ReplCommand, ReplCommand, ReplCommand];

describe('base built-ins', () => {
  it('help lists exactly the offered commands with aliases and descriptions', async () => {
    const offered = [bash, help, pingCommand()];
    const out = await help.execute([], recordingContext(fakeContainer(), { commands: offered }));
    expect(out).toBe(
      [
        '  bash      open a shell in the container; `bash <cmd...>` runs one command',
        '  help (?)  list the commands this container offers',
        '  ping      answer pong and show the round trip of an exec in the container',
      ].join('\n'),
    );
  });

  it('bash with no arguments opens an interactive shell, bash when present, else sh', async () => {
    const box = fakeContainer();
    await bash.execute([], recordingContext(box));
    expect(box.interactive).toEqual([
      ['sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash "$@"; else exec sh "$@"; fi', 'sh'],
    ]);
  });

  it('bash <words> quotes each word so inner blanks survive', async () => {
    const box = fakeContainer(() => ({ stdout: 'a  b\n' }));
    const ctx = recordingContext(box);
    await bash.execute(['echo', 'a  b'], ctx);
    expect(box.calls[0]!.argv.slice(-2)).toEqual(['-c', "echo 'a  b'"]);
    expect(ctx.text()).toBe('a  b\n');
  });

  it('bash "<script>" runs one argument as a script and prints a non-zero exit code', async () => {
    const box = fakeContainer(() => ({ stderr: 'nope\n', exitCode: 2 }));
    const ctx = recordingContext(box);
    await bash.execute(['ls | wc -l'], ctx);
    expect(box.calls[0]!.argv.slice(-2)).toEqual(['-c', 'ls | wc -l']);
    expect(ctx.text()).toBe('nope\nexit code 2\n');
  });

  it('exit asks the terminal to leave; clear writes the clear-screen sequence', async () => {
    const ctx = recordingContext(fakeContainer());
    await exit.execute([], ctx);
    expect(ctx.exited).toBe(true);
    await clear.execute([], ctx);
    expect(ctx.text()).toBe('\x1b[1;1H\x1b[0J');
  });

  it('ping answers pong from the container with the round trip', async () => {
    const box = fakeContainer();
    const out = await pingCommand().execute([], recordingContext(box));
    expect(out).toMatch(/^pong from demo-box-1 \(\d+\.\d ms\)$/);
    expect(box.calls[0]!.argv).toEqual(['true']);
  });
});

describe('shellQuote', () => {
  it('leaves plain words and quotes the rest for sh', () => {
    expect(shellQuote('ls')).toBe('ls');
    expect(shellQuote('/a/b.txt')).toBe('/a/b.txt');
    expect(shellQuote('a  b')).toBe("'a  b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
  });
});
