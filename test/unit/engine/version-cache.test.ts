/** The engine version remembered per binary identity (path, mtime, size). */
import { chmodSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { cachedDaemonVersion, cachedVersion } from '../../../src/engine/version-cache.js';
import { localDockerSocket } from '../../../src/engine/connection.js';
import { tempDir } from '../../helpers/temp-dir.js';

function setup() {
  const dir = tempDir('tempfs-version-cache-');
  const binary = join(dir, 'podman');
  writeFileSync(binary, 'v1');
  const calls: string[] = [];
  const check = (answer: string) => async () => {
    calls.push(answer);
    return answer;
  };
  return { dir, binary, file: join(dir, 'cache', 'engine-versions.json'), calls, check };
}

describe('cachedVersion', () => {
  it('asks once, then answers from the cache while the binary is the same', async () => {
    const { binary, file, calls, check } = setup();
    expect(await cachedVersion(binary, {}, file, check('4.3.1'))).toBe('4.3.1');
    expect(await cachedVersion(binary, {}, file, check('9.9.9'))).toBe('4.3.1');
    expect(calls).toEqual(['4.3.1']);
  });

  it('asks again when the binary changed (mtime or size)', async () => {
    const { binary, file, calls, check } = setup();
    await cachedVersion(binary, {}, file, check('4.3.1'));
    utimesSync(binary, new Date(), new Date(Date.now() + 60_000));
    expect(await cachedVersion(binary, {}, file, check('5.0.0'))).toBe('5.0.0');
    writeFileSync(binary, 'a longer binary');
    expect(await cachedVersion(binary, {}, file, check('5.1.0'))).toBe('5.1.0');
    expect(calls).toEqual(['4.3.1', '5.0.0', '5.1.0']);
  });

  it('keeps no failure: the next call asks again', async () => {
    const { binary, file, calls, check } = setup();
    const failing = async () => {
      calls.push('failed');
      throw new Error('too old');
    };
    await expect(cachedVersion(binary, {}, file, failing)).rejects.toThrow('too old');
    expect(await cachedVersion(binary, {}, file, check('4.3.1'))).toBe('4.3.1');
    expect(calls).toEqual(['failed', '4.3.1']);
  });

  it('finds a bare name on PATH, and asks each time for a binary it cannot find', async () => {
    const { dir, file, calls, check } = setup();
    chmodSync(join(dir, 'podman'), 0o755);
    await cachedVersion('podman', { PATH: dir }, file, check('4.3.1'));
    expect(await cachedVersion('podman', { PATH: dir }, file, check('x'))).toBe('4.3.1');
    await cachedVersion('absent', { PATH: dir }, file, check('a'));
    await cachedVersion('absent', { PATH: dir }, file, check('b'));
    expect(calls).toEqual(['4.3.1', 'a', 'b']);
  });
});

describe('cachedDaemonVersion (Docker: the daemon answers, not the client)', () => {
  it('remembers the answer per socket while it is the same socket, and asks again for a new one', async () => {
    const { dir, file, calls, check } = setup();
    const socket = join(dir, 'docker.sock');
    const first = createServer().listen(socket);
    await once(first, 'listening');
    expect(await cachedDaemonVersion(socket, file, check('24.0.7'))).toBe('24.0.7');
    expect(await cachedDaemonVersion(socket, file, check('x'))).toBe('24.0.7');
    // A restarted daemon makes its socket anew.
    await new Promise((resolve) => first.close(resolve));
    const second = createServer().listen(socket);
    await once(second, 'listening');
    expect(await cachedDaemonVersion(socket, file, check('26.1.0'))).toBe('26.1.0');
    await new Promise((resolve) => second.close(resolve));
    // No socket there (or a plain file): asked each time.
    await cachedDaemonVersion(socket, file, check('a'));
    writeFileSync(socket, '');
    await cachedDaemonVersion(socket, file, check('b'));
    expect(calls).toEqual(['24.0.7', '26.1.0', 'a', 'b']);
  });

  it('is used for the local daemon only', () => {
    expect(localDockerSocket({ kind: 'docker', binary: 'docker' })).toBe('/var/run/docker.sock');
    expect(localDockerSocket({ kind: 'docker', binary: 'docker', url: 'unix:///run/docker.sock' })).toBe('/run/docker.sock');
    expect(localDockerSocket({ kind: 'docker', binary: 'docker', url: 'tcp://host:2375' })).toBeNull();
    expect(localDockerSocket({ kind: 'docker', binary: 'docker', context: 'remote' })).toBeNull();
    expect(localDockerSocket({ kind: 'podman', binary: 'podman' })).toBeNull();
  });
});
