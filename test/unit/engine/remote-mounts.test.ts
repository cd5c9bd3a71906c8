/**
 * The remote-engine mounts on a recording stand-in of the engine's command line: host bind
 * mounts are refused naming the engine, a model is copied into tempfs_models once, and not
 * again while its stamp matches the cached file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFileSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_VOLUME, prepareRemoteMounts, type RemoteEngine } from '../../../src/engine/remote-mounts.js';
import type { RunOptions, RunResult } from '../../../src/engine/exec.js';
import { isTempfsError } from '../../../src/errors.js';
import { container } from '../../helpers/project.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tempfs-remote-mounts-'));
  await writeFile(join(dir, 'm.gguf'), 'GGUF-model');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Keeps the volume's files in a map: `cp` in and out as the engine would. */
function fakeEngine(): RemoteEngine & { calls: string[][]; volume: Map<string, string> } {
  const volume = new Map<string, string>();
  const calls: string[][] = [];
  return {
    connection: { kind: 'docker', binary: 'docker', url: 'ssh://me@box' },
    deliveries: new Map(),
    calls,
    volume,
    async ensureVolume() {},
    async cli(args: readonly string[], _options?: RunOptions): Promise<RunResult> {
      calls.push([...args]);
      const ok = { command: args.join(' '), exitCode: 0, stdout: '', stderr: '' };
      if (args[0] === 'cp') {
        const [from, to] = [args[1]!, args[2]!];
        if (from.includes(':/models/')) {
          const content = volume.get(from.split(':/models/')[1]!);
          if (content === undefined) return { ...ok, exitCode: 1, stderr: 'Error: No such file' };
          await writeFile(to, content);
        } else {
          volume.set(to.split(':/models/')[1]!, readFileSync(from, 'utf8'));
        }
      }
      return ok;
    },
  };
}

const base = { name: 'p-llm-1', project: 'p', session: 's', network: 'p_default', labels: {} };

describe('prepareRemoteMounts', () => {
  it('refuses a host bind mount, naming the remote engine', async () => {
    const spec = container('web', { volumes: [{ type: 'bind', source: '/home/me/data', target: '/data', read_only: false, options: [] }] });
    const error = await prepareRemoteMounts(fakeEngine(), { ...base, spec }).catch((e: unknown) => e);
    expect(isTempfsError(error, 'USAGE')).toBe(true);
    expect((error as Error).message).toBe("web: cannot bind-mount host path /home/me/data on the remote engine docker at ssh://me@box: it does not share this machine's files");
  });

  it('copies a model into the volume once, then only checks its stamp', async () => {
    const engine = fakeEngine();
    const request = { ...base, spec: container('llm'), modelMounts: { qwen: join(dir, 'm.gguf') } };
    expect(await prepareRemoteMounts(engine, request)).toBe(MODELS_VOLUME);
    expect(engine.volume.get('qwen.gguf')).toBe('GGUF-model');
    expect(engine.calls.filter((c) => c[0] === 'cp' && c[2]?.endsWith(':/models/qwen.gguf'))).toHaveLength(1);
    expect(engine.calls.at(-1)?.slice(0, 2)).toEqual(['rm', '--force']);

    engine.calls.length = 0;
    await prepareRemoteMounts(engine, request);
    expect(engine.calls.filter((c) => c[0] === 'cp').map((c) => c[1]?.replace(/^tempfs-models-[0-9a-f]+/, 'H'))).toEqual(['H:/models/.qwen.gguf.stamp']);

    // A changed cache file is copied again.
    copyFileSync(join(dir, 'm.gguf'), join(dir, 'm2.gguf'));
    await prepareRemoteMounts(engine, { ...request, modelMounts: { qwen: join(dir, 'm2.gguf') } });
    expect(engine.calls.filter((c) => c[0] === 'cp' && c[2]?.endsWith(':/models/qwen.gguf'))).toHaveLength(1);
  });

  it('no models, no binds: nothing to do', async () => {
    const engine = fakeEngine();
    expect(await prepareRemoteMounts(engine, { ...base, spec: container('x') })).toBeUndefined();
    expect(engine.calls).toEqual([]);
  });
});
