import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinCommands } from '../../../src/repl/builtins/index.js';
import { unknownCommand } from '../../../src/repl/dispatch.js';
import { buildRegistry } from '../../../src/repl/registry.js';
import { runRepl, type ReplEnd } from '../../../src/repl/repl.js';
import { fakeContainer, type FakeContainer } from './fakes.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Driven {
  input: PassThrough;
  box: FakeContainer;
  text(): string;
  done: Promise<ReplEnd>;
  /** Resolves once the output contains `needle` (the REPL is asynchronous). */
  until(needle: string | (() => boolean)): Promise<void>;
}

async function drive(opts: { terminal: boolean; color?: boolean; historyFile?: string; signal?: AbortSignal }): Promise<Driven> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (c: Buffer) => (text += c.toString()));
  const box = fakeContainer((argv) => ({ stdout: argv.at(-1) === 'echo hi' ? 'hi\n' : '' }));
  const registry = await buildRegistry({
    roles: ['base', 'ping'], builtins: builtinCommands(), folders: [], yamlCommands: [], yamlSource: 'tempfs.yaml',
  });
  const done = runRepl({
    input, output, terminal: opts.terminal, color: opts.color ?? false, registry, container: box,
    project: { name: 'demo', dir: '/tmp', services: ['box'] }, historyFile: opts.historyFile, signal: opts.signal,
  });
  const until = async (needle: string | (() => boolean)) => {
    const ok = typeof needle === 'string' ? () => text.includes(needle) : needle;
    // A guard, not a timing assertion: fail with the screen instead of hanging for 30 s.
    const deadline = Date.now() + 5000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`never saw ${String(needle)} in ${JSON.stringify(text)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { input, box, text: () => text, done, until };
}

describe('runRepl on plain streams', () => {
  it('prompts with project/container, runs commands and leaves on exit', async () => {
    const t = await drive({ terminal: false });
    t.input.write('bash "echo hi"\nexit\nhelp\n');
    expect(await t.done).toBe('exit');
    expect(t.text()).toBe('demo/box> hi\ndemo/box> ');
  });

  it('suggests the nearest command for an unknown one', async () => {
    const t = await drive({ terminal: false });
    t.input.end('hepl\nzzzzzz\n');
    expect(await t.done).toBe('eof');
    expect(t.text()).toContain('unknown command "hepl" — did you mean "help"?\n');
    expect(t.text()).toContain('unknown command "zzzzzz" — type "help" for the list\n');
  });

  it('does not point to help where help is not offered', () => {
    expect(unknownCommand('zz', ['chat', 'models'])).toBe('unknown command "zz"');
    expect(unknownCommand('chta', ['chat', 'models'])).toBe('unknown command "chta" — did you mean "chat"?');
  });

  it('shows the continuation prompt and runs the joined command', async () => {
    const t = await drive({ terminal: false });
    t.input.end('bash echo \\\nhi\n');
    await t.done;
    expect(t.text()).toBe('demo/box> > hi\ndemo/box> ');
    expect(t.box.calls[0]!.argv.at(-1)).toBe('echo hi');
  });

  it('reports an unterminated quote and keeps going', async () => {
    const t = await drive({ terminal: false });
    t.input.end('bash "oops\nping\n');
    await t.done;
    expect(t.text()).toContain('error: unterminated double quote (") opened at column 6\n');
    expect(t.text()).toMatch(/pong from demo-box-1/);
  });

  it('colours the prompt only when asked', async () => {
    const plain = await drive({ terminal: false });
    plain.input.end('ping\n');
    await plain.done;
    expect(plain.text()).not.toContain('\x1b');
    const coloured = await drive({ terminal: false, color: true });
    coloured.input.end('');
    await coloured.done;
    expect(coloured.text()).toContain('\x1b[36mdemo/box\x1b[39m');
  });

  it('ends with "aborted" when the outer signal fires', async () => {
    const controller = new AbortController();
    const t = await drive({ terminal: false, signal: controller.signal });
    await t.until('demo/box> ');
    controller.abort();
    expect(await t.done).toBe('aborted');
  });
});

describe('runRepl and the outer signal', () => {
  it('cancels the running command too when the outer signal fires', async () => {
    const controller = new AbortController();
    const t = await drive({ terminal: false, signal: controller.signal });
    t.input.write("bash 'sleep 100'\n");
    await t.until(() => t.box.calls.length === 1);
    controller.abort();
    expect(await t.done).toBe('aborted');
    expect(t.box.calls[0]!.options?.signal?.aborted).toBe(true);
  });
});

describe('runRepl as a terminal', () => {
  it('Ctrl-C cancels the running command without leaving the shell', async () => {
    const t = await drive({ terminal: true });
    t.input.write("bash 'sleep 100'\r");
    await t.until(() => t.box.calls.length === 1);
    t.input.write('\x03');
    await t.until('cancelled');
    t.input.write('ping\r');
    await t.until('pong from');
    t.input.write('exit\r');
    expect(await t.done).toBe('exit');
  });

  it('Ctrl-C at an idle prompt drops the line and any continuation', async () => {
    const t = await drive({ terminal: true });
    t.input.write('bash echo \\\r');
    await t.until('\x1b[0J> ');
    t.input.write('abc\x03');
    await t.until('^C');
    t.input.write('bash "echo hi"\r');
    await t.until(() => t.box.calls.length === 1);
    expect(t.box.calls[0]!.argv.at(-1)).toBe('echo hi');
    t.input.write('\x04'); // Ctrl-D on an empty line leaves
    expect(await t.done).toBe('eof');
  });

  it('Tab completes command names', async () => {
    const t = await drive({ terminal: true });
    // One key per chunk: readline ignores Tab inside a chunk of several keys (a paste).
    t.input.write('pi');
    t.input.write('\t');
    t.input.write('\r');
    await t.until('pong from');
    t.input.write('\x04');
    await t.done;
    expect(t.text()).toContain('pong from');
  });

  it('keeps history per project across sessions, recalled with the up arrow', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tempfs-history-'));
    dirs.push(dir);
    const file = join(dir, 'state', 'demo');
    const first = await drive({ terminal: true, historyFile: file });
    first.input.write('ping\rbash "echo hi"\r');
    await first.until(() => first.box.calls.length === 2);
    first.input.write('\x04');
    await first.done;
    expect(await readFile(file, 'utf8')).toBe('ping\nbash "echo hi"\n');

    const second = await drive({ terminal: true, historyFile: file });
    second.input.write('\x1b[A\r');
    await second.until(() => second.box.calls.length === 1);
    expect(second.box.calls[0]!.argv.at(-1)).toBe('echo hi');
    second.input.write('\x04');
    await second.done;
  });

  it('reads an existing history file oldest first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tempfs-history-'));
    dirs.push(dir);
    const file = join(dir, 'demo');
    await writeFile(file, 'bash "echo hi"\nping\n');
    const t = await drive({ terminal: true, historyFile: file });
    t.input.write('\x1b[A\x1b[A\r');
    await t.until(() => t.box.calls.length === 1);
    expect(t.box.calls[0]!.argv.at(-1)).toBe('echo hi');
    t.input.write('\x04');
    await t.done;
  });
});
