// Issue 16 items 6, 14 and 16: values Podman or Node would refuse or misread are refused
// by `validate` and by the command line, each with a clear message.
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { buildCli } from '../../../src/cli/run.js';
import { protectValues, unprotect } from '../../../src/cli/raw-values.js';
import { runInProcess } from '../../helpers/cli.js';
import { durationOption } from '../../../src/cli/parse-args.js';
import { durationArg } from '../../../src/repl/builtins/job-args.js';
import { MAX_DURATION_MS } from '../../../src/shared/units.js';
import { recipeDir } from './load-text.js';

const withContainer = (body: string) => `name: lim\ncontainers:\n  a:\n    image: busybox\n${body}\n`;
const validate = (text: string, ...flags: string[]) => runInProcess([...flags, 'validate'], { cwd: recipeDir(text) });

describe('recipe limits (item 16)', () => {
  test.each([
    ['    resources: { memory: 1e30 }', /resources\.memory: 1e\+30 is more than 1 PiB/],
    ['    resources: { memory: 4m }', /resources\.memory: 4m is below 6 MiB/],
    ['    resources: { memory: 64m, memory_swap: 1e30 }', /resources\.memory_swap: 1e\+30 is more than 1 PiB/],
    ['    resources: { cpus: 1e-7 }', /resources\.cpus: must be from 0\.01 to 1024, not 1e-7/],
    ['    resources: { cpus: 5000 }', /resources\.cpus: must be from 0\.01 to 1024/],
    ['    resources: { pids: 1e20 }', /resources\.pids: must be at most 4194304/],
    ['    tmpfs: { /tmp: 1e29 }', /tmpfs\.\/tmp: 1e\+29 is more than 1 PiB/],
    ['    ports: [{ target: 80, published: 8080, host_ip: not-an-ip }]', /ports\[0\]: this is not a valid port mapping/],
    ['    ports: ["999.1.1.1:8080:80"]', /ports\[0\]: "999\.1\.1\.1:8080:80" is not a valid port mapping/],
    ['    ttl: 0s', /ttl: "0s" must be longer than 0/],
    ['    ready: { log: x, interval: 0ms }', /ready\.interval: "0ms" must be longer than 0/],
  ])('%s', async (body, message) => {
    const r = await validate(withContainer(body));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('an IPv6 host_ip and the limits themselves are fine', async () => {
    const r = await validate(withContainer('    ports: [{ target: 80, published: 8080, host_ip: "::1" }]\n    resources: { cpus: 0.01, memory: 6m, pids: 4194304 }\n    ttl: 576h'));
    expect(r).toMatchObject({ code: 0, stdout: 'ok: 1 container\n' });
  });
});

describe('durations Node timers cannot hold (item 6)', () => {
  test.each(['ttl: 600h', 'ready: { log: x, timeout: 600h }', 'ready: { log: x, interval: 600h }', 'stop_grace_period: 600h'])('%s', async (line) => {
    const r = await validate(withContainer(`    ${line}`));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"600h" is longer than 24 days \(576h\), the longest duration tempfs accepts/);
  });

  test('top-level ttl too', async () => {
    const r = await validate(`ttl: 2160000s\n${withContainer('')}`);
    expect(r.stderr).toMatch(/^error: tempfs\.yaml:1:6: ttl: "2160000s" is longer than 24 days/);
  });

  test('command-line flags and terminal arguments', () => {
    expect(() => durationOption('--ttl', '600h', true)).toThrow('--ttl 600h is longer than 24 days (576h), the longest duration tempfs accepts');
    expect(() => durationOption('--wait-timeout', '2160000')).toThrow(/longer than 24 days/);
    expect(() => durationOption('--ttl', '0', true)).toThrow('--ttl 0 must be longer than 0');
    expect(durationOption('-t', '0')).toBe(0);
    expect(durationOption('--ttl', '576h', true)).toBe(MAX_DURATION_MS);
    expect(() => durationArg('600h', 'wait <id> <pattern>')).toThrow(/longer than 24 days/);
  });

  test('kube --play --ttl 0 is refused as up -d --ttl 0 is', async () => {
    const r = await runInProcess(['kube', '--play', '--ttl', '0'], { cwd: recipeDir(withContainer('')) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ttl 0 must be longer than 0/);
  });
});

describe('option values are text (item 14) and options need a command (item 16)', () => {
  const recipe = withContainer('');
  test('-p 007 is the project "007"', async () => {
    const r = await runInProcess(['-p', '007', 'config', '--format', 'json'], { cwd: recipeDir(recipe) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: '007' });
    const eq = await runInProcess(['--project-name=0x10', 'config', '--format', 'json'], { cwd: recipeDir(recipe) });
    expect(JSON.parse(eq.stdout)).toMatchObject({ name: '0x10' });
  });

  test('-f 007 looks for the file "007"', async () => {
    const dir = recipeDir(recipe, { '007': recipe.replace('name: lim', 'name: seven') });
    const r = await runInProcess(['-f', '007', 'config', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'seven' });
  });

  test("-p '' is not the project 0: empty is unset, as in Compose", async () => {
    const r = await runInProcess(['-p', '', 'config', '--format', 'json'], { cwd: recipeDir(recipe) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'lim' });
  });

  test('-p -x is a usage error, not help with exit 0', async () => {
    const r = await runInProcess(['-p', '-x'], { cwd: recipeDir(recipe) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stdout).toBe('');
  });
});

describe('marked values never leak', () => {
  test('logs -f web: -f is --follow here, and web stays the plain word', () => {
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: '/', signal: new AbortController().signal };
    const cli = buildCli(io);
    const options = [...cli.globalCommand.options, ...cli.commands.flatMap((c) => c.options)];
    cli.parse(['node', 'tempfs', ...protectValues(['logs', '-f', 'web', '-n', '007'], options)], { run: false });
    unprotect(cli.options, cli.args as string[]);
    expect(cli.args).toEqual(['web']);
    expect(cli.options).toMatchObject({ follow: true, tail: '007' });
  });
});
