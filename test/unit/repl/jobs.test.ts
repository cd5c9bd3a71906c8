import { describe, expect, it } from 'vitest';
import type { ReplCommand } from '../../../src/repl/command.js';
import { builtinCommands } from '../../../src/repl/builtins/index.js';
import { jobCommands } from '../../../src/repl/builtins/jobs.js';
import { jobTable, uptime } from '../../../src/repl/job-format.js';
import { buildRegistry } from '../../../src/repl/registry.js';
import { FakeJobs } from './fake-jobs.js';
import { fakeContainer, recordingContext } from './fakes.js';

const [bg, jobsCmd, logs, stop, wait] = jobCommands() as [ReplCommand, ReplCommand, ReplCommand, ReplCommand, ReplCommand];

function setup(signal?: AbortSignal) {
  const jobs = new FakeJobs();
  const ctx = Object.assign(recordingContext(fakeContainer(), { signal }), { jobs });
  return { jobs, ctx };
}

/** Runs a command the way the terminal does: a returned string is printed. */
async function run(command: ReplCommand, args: string[], ctx: ReturnType<typeof setup>['ctx']): Promise<string> {
  const before = ctx.text().length;
  const result = await command.execute(args, ctx);
  if (typeof result === 'string' && result !== '') ctx.print(result);
  return ctx.text().slice(before);
}

describe('bg', () => {
  it('starts words quoted as bash does, and a single argument as a script', async () => {
    const { jobs, ctx } = setup();
    expect(await run(bg, ['sh', '-c', 'echo ready; sleep 100'], ctx)).toBe("[p1] started: sh -c 'echo ready; sleep 100'\n");
    expect(await run(bg, ['sleep 5 && echo done'], ctx)).toBe('[p2] started: sleep 5 && echo done\n');
    expect(jobs.started).toEqual(["sh -c 'echo ready; sleep 100'", 'sleep 5 && echo done']);
  });

  it('without a command is a usage error', async () => {
    const { jobs, ctx } = setup();
    await expect(run(bg, [], ctx)).rejects.toMatchObject({ code: 'USAGE', hint: 'usage: bg <cmd...>' });
    expect(jobs.started).toEqual([]);
  });

  it('says so when the terminal offers no jobs', async () => {
    const ctx = recordingContext(fakeContainer());
    await expect(Promise.resolve().then(() => bg.execute(['true'], ctx))).rejects.toMatchObject({ code: 'PROCESS', message: 'background jobs are not available in this terminal' });
  });
});

describe('jobs', () => {
  it('lists id, status, uptime and command in aligned columns', async () => {
    const { jobs, ctx } = setup();
    expect(await run(jobsCmd, [], ctx)).toBe('no background jobs\n');
    for (const c of ['sleep 100', 'true', 'sleep 200', 'nope']) jobs.start(c);
    jobs.set('p1', { uptimeSec: 4.2 });
    jobs.end('p2', { status: 'exited', exitCode: 3, uptimeSec: 187 });
    jobs.end('p3', { status: 'killed', uptimeSec: 7500 });
    jobs.end('p4', { status: 'error', error: 'spawn podman ENOENT' });
    expect(await run(jobsCmd, [], ctx)).toBe(
      [
        'ID  STATUS                      UPTIME  COMMAND',
        'p1  running                     4.2s    sleep 100',
        'p2  exited 3                    3m07s   true',
        'p3  killed                      2h05m   sleep 200',
        'p4  error: spawn podman ENOENT  0.0s    nope',
        '',
      ].join('\n'),
    );
    await expect(run(jobsCmd, ['p1'], ctx)).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('formats uptimes at the unit boundaries', () => {
    expect([0, 59.9, 60, 3599, 3600].map(uptime)).toEqual(['0.0s', '59.9s', '1m00s', '59m59s', '1h00m']);
    expect(jobTable([{ id: 'p1', command: 'x', status: 'exited', exitCode: null, uptimeSec: 1 }])).toContain('exited ?');
  });
});

describe('logs', () => {
  it('prints the last 50 lines by default, or -n N', async () => {
    const { jobs, ctx } = setup();
    jobs.start('seq 60');
    jobs.print('p1', ...Array.from({ length: 60 }, (_, i) => `line ${i + 1}`));
    const all = await run(logs, ['p1'], ctx);
    expect(all.split('\n').slice(0, -1)).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i + 11}`));
    expect(await run(logs, ['p1', '-n', '2'], ctx)).toBe('line 59\nline 60\n');
    expect(await run(logs, ['-n3', 'p1'], ctx)).toBe('line 58\nline 59\nline 60\n');
  });

  it('says when a job printed nothing yet', async () => {
    const { jobs, ctx } = setup();
    jobs.start('sleep 100');
    expect(await run(logs, ['p1'], ctx)).toBe('(no output from p1)\n');
  });

  it('rejects an unknown id, a missing id, a bad count and unknown flags', async () => {
    const { jobs, ctx } = setup();
    jobs.start('true');
    await expect(run(logs, ['p9'], ctx)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no job p9', hint: 'Type "jobs" to list them.' });
    await expect(run(logs, [], ctx)).rejects.toMatchObject({ code: 'USAGE', message: 'logs: which job?', hint: 'usage: logs <id> [-n N] [-f]' });
    await expect(run(logs, ['p1', 'p2'], ctx)).rejects.toMatchObject({ code: 'USAGE', message: 'logs takes one job id' });
    await expect(run(logs, ['p1', '-n', 'ten'], ctx)).rejects.toMatchObject({ code: 'USAGE', message: '"ten" is not a number of lines' });
    await expect(run(logs, ['p1', '-x'], ctx)).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining("'-x'") });
  });

  it('-f prints new lines as they come and ends with the final status', async () => {
    const { jobs, ctx } = setup();
    jobs.start('server');
    jobs.print('p1', 'old 1', 'old 2');
    const following = run(logs, ['p1', '-f', '-n', '1'], ctx);
    await until(() => jobs.waits.length === 1);
    expect(jobs.waits[0]).toMatchObject({ id: 'p1', pattern: '', options: { since: 2 } });
    jobs.print('p1', 'new 1', 'new 2');
    await until(() => jobs.waits.length === 2);
    jobs.print('p1', 'last');
    jobs.end('p1', { status: 'exited', exitCode: 0 });
    expect(await following).toBe('old 2\nnew 1\nnew 2\nlast\n[p1] exited 0\n');
  });

  it('-f ends quietly on Ctrl-C', async () => {
    const cancel = new AbortController();
    const { jobs, ctx } = setup(cancel.signal);
    jobs.start('server');
    const following = run(logs, ['p1', '-f'], ctx);
    await until(() => jobs.waits.length === 1);
    jobs.print('p1', 'hello');
    await until(() => jobs.waits.length === 2);
    cancel.abort();
    expect(await following).toBe('hello\n');
  });
});

describe('stop', () => {
  it('stops the job and prints its final status', async () => {
    const { jobs, ctx } = setup();
    jobs.start('sleep 100');
    expect(await run(stop, ['p1'], ctx)).toBe('[p1] killed\n');
    expect(jobs.stopped).toEqual(['p1']);
  });

  it('rejects an unknown or missing id without stopping anything', async () => {
    const { jobs, ctx } = setup();
    jobs.start('sleep 100');
    await expect(run(stop, ['p2'], ctx)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no job p2' });
    await expect(run(stop, [], ctx)).rejects.toMatchObject({ code: 'USAGE', hint: 'usage: stop <id>' });
    expect(jobs.stopped).toEqual([]);
  });
});

describe('wait', () => {
  it('prints the first matching line, joining the words after the id into one pattern', async () => {
    const { jobs, ctx } = setup();
    jobs.start('server');
    const waiting = run(wait, ['p1', 'listening', 'on'], ctx);
    jobs.print('p1', 'loading', 'listening on :8080', 'listening on :8081');
    expect(await waiting).toBe('listening on :8080\n');
    expect(jobs.waits[0]).toMatchObject({ pattern: 'listening on', options: { timeoutMs: 30_000 } });
  });

  it('says the time ran out, or that the job ended first', async () => {
    const { jobs, ctx } = setup();
    jobs.start('sleep 100');
    expect(await run(wait, ['p1', 'ready', '--timeout', '20ms'], ctx)).toBe('no line matched /ready/ within 0.02s ([p1] is still running)\n');
    jobs.start('false');
    jobs.end('p2', { status: 'exited', exitCode: 1 });
    expect(await run(wait, ['p2', '^ready$', '-t', '5'], ctx)).toBe('[p2] exited 1 before a line matched /^ready$/\n');
    expect(jobs.waits.map((w) => w.options.timeoutMs)).toEqual([20, 5000]);
  });

  it('a Ctrl-C is a cancel, not an answer', async () => {
    const cancel = new AbortController();
    const { jobs, ctx } = setup(cancel.signal);
    jobs.start('sleep 100');
    const waiting = run(wait, ['p1', 'ready'], ctx);
    await until(() => jobs.waits.length === 1);
    cancel.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects a bad pattern, a bad timeout, an unknown id and missing words', async () => {
    const { jobs, ctx } = setup();
    jobs.start('sleep 100');
    await expect(run(wait, ['p1', '(ready'], ctx)).rejects.toMatchObject({ code: 'USAGE', message: expect.stringMatching(/^invalid pattern \/\(ready\//) });
    await expect(run(wait, ['p1', 'ready', '--timeout', 'soon'], ctx)).rejects.toMatchObject({ code: 'USAGE', message: '"soon" is not a duration (e.g. "30s", "2m", "500ms")' });
    await expect(run(wait, ['p1', 'ready', '--timeout', '0s'], ctx)).rejects.toMatchObject({ code: 'USAGE' });
    await expect(run(wait, ['p7', 'ready'], ctx)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'no job p7' });
    await expect(run(wait, ['p1'], ctx)).rejects.toMatchObject({ code: 'USAGE', message: 'wait: which pattern?', hint: 'usage: wait <id> <pattern> [--timeout 30s]' });
    await expect(run(wait, [], ctx)).rejects.toMatchObject({ code: 'USAGE', message: 'wait: which job?' });
    expect(jobs.waits).toEqual([]);
  });
});

describe('help', () => {
  it('lists the job commands with the base role', async () => {
    const registry = await buildRegistry({ roles: ['base'], builtins: builtinCommands(), folders: [], yamlCommands: [], yamlSource: 'tempfs.yaml' });
    const help = registry.find('help')!;
    const text = String(await help.execute([], recordingContext(fakeContainer(), { commands: registry.commands })));
    const names = text.split('\n').map((l) => l.trim().split(' ')[0]);
    expect(names).toEqual(['bash', 'clear', 'exit', 'help', 'bg', 'jobs', 'logs', 'stop', 'wait']);
    expect(text).toMatch(/^ {2}bg +run a command in the background in the container: bg <cmd\.\.\.>$/m);
  });
});

async function until(ok: () => boolean): Promise<void> {
  // A guard against hanging, not a timing assertion.
  for (let i = 0; !ok(); i++) {
    if (i > 500) throw new Error('condition never became true');
    await new Promise((r) => setTimeout(r, 2));
  }
}
