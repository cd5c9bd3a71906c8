import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.js';
import { run, errorText } from '../../../src/engine/exec.js';
import { runLines, type OutputLine } from '../../../src/engine/exec-lines.js';
import { isTempfsError } from '../../../src/errors.js';

const node = process.execPath;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('run', () => {
  it('captures stdout and stderr of an argument array, without a shell', async () => {
    const r = await run(node, ['-e', 'console.log(process.argv[1]); console.error("noise")', '$HOME; echo hi']);
    expect(r.stdout).toBe('$HOME; echo hi');
    expect(r.stderr).toBe('noise');
    expect(r.exitCode).toBe(0);
  });

  it('does not treat stderr text as failure but a non-zero exit is one', async () => {
    const error = await run(node, ['-e', 'console.error("Error: it broke"); process.exit(3)']).catch((e) => e);
    expect(isTempfsError(error, 'PODMAN_FAILED')).toBe(true);
    expect(error.message).toMatch(/ -e .* failed \(exit 3\): it broke$/);
    const unchecked = await run(node, ['-e', 'process.exit(3)'], { check: false });
    expect(unchecked.exitCode).toBe(3);
  });

  it('writes input to stdin', async () => {
    const r = await run(node, ['-e', 'process.stdin.pipe(process.stdout)'], { input: 'hello' });
    expect(r.stdout).toBe('hello');
  });

  it('maps a missing executable to the given code and hint', async () => {
    const error = await run('/nonexistent/podman', [], { missingCode: 'PODMAN_MISSING', missingHint: 'install it' }).catch((e) => e);
    expect(isTempfsError(error, 'PODMAN_MISSING')).toBe(true);
    expect(error.hint).toBe('install it');
  });

  it('reports a user cancel as CANCELLED and a deadline as TIMEOUT', async () => {
    const controller = new AbortController();
    const pending = run(node, ['-e', 'setTimeout(() => {}, 60000)'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await pending.catch((e) => e)).code).toBe('CANCELLED');
    const timed = await run(node, ['-e', 'setTimeout(() => {}, 60000)'], { signal: AbortSignal.timeout(50) }).catch((e) => e);
    expect(timed.code).toBe('TIMEOUT');
  });

  it('keeps a character split across two writes whole, strips one final newline, and reports a killed command', async () => {
    const script = 'process.stdout.write(Buffer.from([0xc3])); setTimeout(() => process.stdout.write(Buffer.from([0xa9, 0x0a, 0x0a])), 30)';
    expect((await run(node, ['-e', script])).stdout).toBe('é\n');
    const killed = await run(node, ['-e', 'process.kill(process.pid, "SIGKILL")'], { check: false }).catch((e) => e);
    expect(isTempfsError(killed, 'PODMAN_FAILED')).toBe(true);
    expect(killed.message).toMatch(/killed by SIGKILL$/);
  });

  it('refuses at once when the signal has already aborted, starting nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await run('/nonexistent/podman', [], { signal: controller.signal }).catch((e) => e);
    expect(error.code).toBe('CANCELLED');
  });

  it('a gate: spawned at once, the command runs only once the gate opens, with its argv whole', async () => {
    const marker = join(tempDir('tempfs-gate-'), 'ran');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const script = 'require("fs").writeFileSync(process.argv[1], "x"); console.log(process.argv.slice(2).join("|"))';
    const call = run(node, ['-e', script, marker, '$HOME; echo hi', '"q"', ''], { gate });
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(marker)).toBe(false);
    open();
    const r = await call;
    expect(existsSync(marker)).toBe(true);
    expect(r.stdout).toBe('$HOME; echo hi|"q"|');
    expect(r.command).toMatch(/^\S*node -e /);
  });

  it('a gate that closes: the command never runs and the call rejects with its reason', async () => {
    const marker = join(tempDir('tempfs-gate-'), 'ran');
    const reason = new Error('the network could not be made');
    const call = run(node, ['-e', 'require("fs").writeFileSync(process.argv[1], "x")', marker], { gate: Promise.reject(reason) });
    await expect(call).rejects.toBe(reason);
    expect(existsSync(marker)).toBe(false);
  });

  it('a gate in front of a missing executable still says it is missing; its own exit 127 stays its own', async () => {
    const missing = await run('/nonexistent/podman', ['run'], { gate: Promise.resolve(), missingCode: 'PODMAN_MISSING', missingHint: 'install it' }).catch((e) => e);
    expect(isTempfsError(missing, 'PODMAN_MISSING')).toBe(true);
    expect(missing.hint).toBe('install it');
    const own = await run(node, ['-e', 'console.error("executable file not found"); process.exit(127)'], { gate: Promise.resolve() }).catch((e) => e);
    expect(isTempfsError(own, 'PODMAN_FAILED')).toBe(true);
    expect(own.message).toMatch(/failed \(exit 127\): executable file not found$/);
  });

  it('a gated command whose caller dies never runs: the shell reads end-of-file', async () => {
    const marker = join(tempDir('tempfs-gate-'), 'ran');
    // A parent that spawns a gated call, then is killed before opening it.
    const parent = spawn(node, ['--input-type=module', '-e', [
      `const { run } = await import(${JSON.stringify(pathToFileURL(join(process.cwd(), 'dist/engine/exec.js')).href)});`,
      `run(process.execPath, ['-e', 'require("fs").writeFileSync(process.argv[1], "x")', ${JSON.stringify(marker)}], { gate: new Promise(() => {}) });`,
      'console.log("spawned");',
      'setInterval(() => {}, 1000);',
    ].join('\n')], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(parent.stdout!, 'data');
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(marker)).toBe(false);
  });

  it('picks the Error: lines out of noisy stderr', () => {
    expect(errorText('WARN[0000] x\nError: a\nfailed to connect to syslog\n')).toBe('a');
    expect(errorText('one\ntwo\n')).toBe('two');
  });
});

describe('runLines', () => {
  it('yields stdout and stderr lines apart, in order per stream', async () => {
    const lines: OutputLine[] = [];
    for await (const l of runLines(node, ['-e', 'console.log("a\\nb"); console.error("c")'])) lines.push(l);
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['a', 'b']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['c']);
  });

  it('ends quietly on abort and kills the command when the consumer stops', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const script = 'console.log("first"); setInterval(() => console.log("tick"), 20)';
    for await (const l of runLines(node, ['-e', script], { signal: controller.signal })) {
      seen.push(l.line);
      if (seen.length === 2) controller.abort();
    }
    expect(seen.slice(0, 2)).toEqual(['first', 'tick']);
    let pid = 0;
    for await (const l of runLines(node, ['-e', `console.log(process.pid); ${script}`])) {
      pid = Number(l.line);
      break;
    }
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => isAlive(pid), { timeout: 5000 }).toBe(false);
  });

  it('maps a missing executable to the given code', async () => {
    const iterate = async () => {
      for await (const _ of runLines('/nonexistent/podman', [], { missingCode: 'PODMAN_MISSING' }));
    };
    expect(isTempfsError(await iterate().catch((e) => e), 'PODMAN_MISSING')).toBe(true);
  });

  it('throws with the last stderr lines when the command fails', async () => {
    const iterate = async () => {
      for await (const _ of runLines(node, ['-e', 'console.error("Error: no such container"); process.exit(125)']));
    };
    await expect(iterate()).rejects.toThrow(/failed \(exit 125\): no such container/);
  });
});
