/**
 * The behaviour every terminal must have, wherever its shell runs (the host, a container
 * with bash, a container with only sh): a real TTY that follows resize, a live shell whose
 * functions persist, a prompt without a newline seen by wait, an interactive program
 * driven with input + waitFor and interrupted with ctrl-c, busy refusal, history with exit
 * codes, and a signal that is never escalated.
 */
import { expect, it } from 'vitest';
import type { ProcessManager, ProcessTarget } from '../../src/process/index.js';

export interface SuiteContext {
  manager: () => ProcessManager;
  target: ProcessTarget;
  /** The name of a fresh terminal for one test. */
  name: string;
}

export function terminalBehaviour(ctx: () => SuiteContext): void {
  const open = async (suffix: string) => {
    const { manager, target, name } = ctx();
    const id = `${name}-${suffix}`;
    await manager().create({ name: id, target, cwd: '/', cols: 100, rows: 30 });
    return { m: manager(), id };
  };

  it('is a TTY whose size follows resize', async () => {
    const { m, id } = await open('tty');
    const first = await m.run({ terminalId: id, command: 'tty; stty size', timeout: 15_000 });
    expect(first).toMatchObject({ status: 'exited', exitCode: 0, success: true });
    expect(first.output).toMatch(/^\/dev\/pts\/\d+\n30 100$/);
    expect(m.resize(id, 91, 17)).toMatchObject({ cols: 91, rows: 17 });
    // The size reaches a container's terminal through podman's SIGWINCH handler: ask until it has.
    let size = '';
    for (let i = 0; i < 20 && size !== '17 91'; i++) size = (await m.run({ terminalId: id, command: 'stty size', timeout: 15_000 })).output;
    expect(size).toBe('17 91');
  });

  it('keeps functions, variables, options and cd between commands, with exit codes and cwd from the shell', async () => {
    const { m, id } = await open('state');
    await m.run({ terminalId: id, command: 'greet() { echo "hello $1 from $(pwd)"; }; LOCAL=unexported; set -u; cd /tmp', timeout: 15_000 });
    const r = await m.run({ terminalId: id, command: 'greet you; echo "$LOCAL"; echo ${NOPE:-ok}', timeout: 15_000 });
    expect(r).toMatchObject({ success: true, exitCode: 0, output: 'hello you from /tmp\nunexported\nok', cwd: '/tmp' });
    const failed = await m.run({ terminalId: id, command: 'echo oops >&2; (exit 7)', timeout: 15_000 });
    expect(failed).toMatchObject({ success: false, exitCode: 7, signal: null, output: 'oops' });
    const lines = await m.run({ terminalId: id, command: 'echo one\necho two\nfalse', timeout: 15_000 });
    expect(lines).toMatchObject({ exitCode: 1, output: 'one\ntwo' });
    const history = m.history(id);
    expect(history.map((h) => [h.command, h.exitCode])).toEqual([
      ['greet() { echo "hello $1 from $(pwd)"; }; LOCAL=unexported; set -u; cd /tmp', 0],
      ['greet you; echo "$LOCAL"; echo ${NOPE:-ok}', 0],
      ['echo oops >&2; (exit 7)', 7],
      ['echo one\necho two\nfalse', 1],
    ]);
  });

  it('shows a prompt without a newline to wait, answers busy, and takes input with waitFor', async () => {
    const { m, id } = await open('prompt');
    const asked = await m.run({ terminalId: id, command: 'printf "name? "; read n; echo "got [$n]"', timeout: 300 });
    expect(asked).toMatchObject({ status: 'running', timedOut: true });
    const seen = await m.wait({ processId: asked.processId, pattern: 'name\\? $', timeout: 15_000 });
    expect(seen).toMatchObject({ found: true, partial: true });
    expect(m.logs({ processId: asked.processId })).toMatchObject({ partial: 'name? ' });
    await expect(m.run({ terminalId: id, command: 'true' })).rejects.toMatchObject({ code: 'BUSY', message: expect.stringContaining('printf "name? "') });
    const answer = await m.input({ processId: asked.processId, input: 'ada', keys: ['enter'], waitFor: 'got \\[ada\\]', timeout: 15_000 });
    expect(answer).toMatchObject({ sent: true, found: true });
    expect(answer.output).toContain('got [ada]');
    await m.wait({ processId: asked.processId, pattern: 'a^', timeout: 15_000 });
    expect(m.status(asked.processId)).toMatchObject({ status: 'exited', exitCode: 0 });
  });

  it('drives an interactive shell, interrupts it with ctrl-c and it lives on', async () => {
    const { m, id } = await open('repl');
    const repl = await m.run({ terminalId: id, command: 'PS1="repl> " sh', timeout: 300 });
    expect(repl.status).toBe('running');
    await m.wait({ processId: repl.processId, pattern: 'repl> $', timeout: 15_000 });
    const sum = await m.input({ processId: id, input: 'echo $((6 * 7))\n', waitFor: '^42$', timeout: 15_000 });
    expect(sum).toMatchObject({ found: true });
    // Printed by the foreground job itself, so the ctrl-c cannot reach the shell before the job has the terminal.
    await m.input({ processId: id, input: 'sh -c "echo sleeping; exec sleep 600"\n', waitFor: '^sleeping$', timeout: 15_000 });
    const interrupted = await m.input({ processId: id, keys: ['ctrl-c'], waitFor: 'repl> $', timeout: 15_000 });
    expect(interrupted).toMatchObject({ found: true, partial: true });
    const alive = await m.input({ processId: id, input: 'echo alive\n', waitFor: 'repl> $', timeout: 15_000 });
    expect(alive.output?.split('\n')).toContain('alive');
    await m.input({ processId: id, keys: ['ctrl-d'] });
    await m.wait({ processId: repl.processId, pattern: 'a^', timeout: 15_000 });
    expect(m.status(repl.processId)).toMatchObject({ status: 'exited', exitCode: 0 });
  });

  it('signals the foreground command without escalating, with the same exit shape everywhere', async () => {
    const { m, id } = await open('signal');
    const trapper = await m.run({ terminalId: id, command: 'sh -c \'trap "echo got TERM; exit 3" TERM; echo armed; sleep 600 & wait\'', timeout: 300 });
    await m.wait({ processId: trapper.processId, pattern: '^armed$', timeout: 15_000 });
    expect(await m.signal(trapper.processId, 'SIGTERM')).toEqual({ sent: true });
    await m.wait({ processId: trapper.processId, pattern: 'a^', timeout: 15_000 });
    expect(m.status(trapper.processId)).toMatchObject({ status: 'exited', exitCode: 3 });
    expect(m.logs({ processId: trapper.processId }).logs.map((l) => l.text)).toEqual(['armed', 'got TERM']);
    const killed = await m.run({ terminalId: id, command: 'sleep 600', timeout: 300 });
    await m.stop(killed.processId, { graceMs: 2000 });
    expect(m.status(killed.processId)).toMatchObject({ status: 'killed', exitCode: 143, signal: 'SIGTERM' });
    expect((await m.run({ terminalId: id, command: 'echo still here', timeout: 15_000 })).output).toBe('still here');
    expect(await m.signal(id, 'SIGINT')).toEqual({ sent: false });
  });
}
