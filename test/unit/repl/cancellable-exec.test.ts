import { describe, expect, it } from 'vitest';
import { cancellableExec } from '../../../src/repl/cancellable-exec.js';
import { JOB_VARIABLE } from '../../../src/process/index.js';
import type { ReplExecOptions } from '../../../src/repl/command.js';

function recorder(block = false) {
  const calls: { argv: string[]; options?: ReplExecOptions }[] = [];
  const exec = async (argv: string[], options?: ReplExecOptions) => {
    calls.push({ argv, options });
    if (block && options?.signal) {
      await new Promise((_, reject) => options.signal!.addEventListener('abort', () => reject(new Error('killed'))));
    }
    return { exitCode: 0, stdout: '', stderr: '' };
  };
  return { calls, exec };
}

describe('cancellableExec', () => {
  it('passes calls without a signal through untouched', async () => {
    const r = recorder();
    await cancellableExec(r.exec)(['ls'], { workdir: '/' });
    expect(r.calls).toEqual([{ argv: ['ls'], options: { workdir: '/' } }]);
  });

  it('marks the exec with a job and ends that job in the container on cancel (TERM, then KILL)', async () => {
    const r = recorder(true);
    const controller = new AbortController();
    const pending = cancellableExec(r.exec)(['sleep', '100'], { signal: controller.signal, env: { A: '1' } });
    controller.abort();
    await expect(pending).rejects.toThrow('killed');
    const tag = r.calls[0]!.options!.env![JOB_VARIABLE]!;
    expect(tag).toMatch(/^\d+-repl-[0-9a-f]{6}-[0-9a-f]{8}$/);
    expect(r.calls[0]!.options!.env!.A).toBe('1');
    expect(r.calls[1]!.argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(r.calls[1]!.argv[2]).toMatch(/sweep "\$1" 10$/);
    expect(r.calls[1]!.argv.slice(3)).toEqual(['sh', tag]);
    expect(r.calls[1]!.options).toBeUndefined();
  });

  it('does not kill anything when the exec finishes normally', async () => {
    const r = recorder();
    await cancellableExec(r.exec)(['true'], { signal: new AbortController().signal });
    expect(r.calls).toHaveLength(1);
  });
});
