/** The conmon log reader's pure parts: which conmon is the container's, and the k8s-file line format. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conmonLogOf, findConmonLog, parseK8sFileLine } from '../../../src/engine/log-file.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ID = 'e89b1d8b649affe521262287bc264ecba7e1a38cce7d6b660d560168bd6155f9';
const LOG = `/var/lib/containers/storage/overlay-containers/${ID}/userdata/ctr.log`;
const conmon = (id: string, log: string) => ['/usr/bin/conmon', '--api-version', '1', '-c', id, '-u', id, '-r', '/usr/bin/runc', '-n', 'p-web-1', '-l', log, '--log-level', 'warning'];

describe('conmonLogOf', () => {
  it('takes the k8s-file path of the conmon of that container', () => {
    expect(conmonLogOf(42, conmon(ID, `k8s-file:${LOG}`), ID)).toEqual({ pid: 42, logFile: LOG });
  });

  it('is null for another container, another log driver, or another program', () => {
    expect(conmonLogOf(42, conmon('other', `k8s-file:${LOG}`), ID)).toBeNull();
    expect(conmonLogOf(42, conmon(ID, 'journald:'), ID)).toBeNull();
    expect(conmonLogOf(42, ['/usr/bin/sleep', '-c', ID, '-l', `k8s-file:${LOG}`], ID)).toBeNull();
  });
});

describe('findConmonLog', () => {
  it('finds the conmon in a /proc-like folder by its comm, skipping what is not a pid', () => {
    const proc = tempDir('tempfs-fake-proc-');
    const entries = [['7', 'sh', ['/bin/sh']], ['8', 'sleep', conmon(ID, `k8s-file:${LOG}`)], ['99', 'conmon', conmon(ID, `k8s-file:${LOG}`)], ['self', 'x', ['x']]] as const;
    for (const [pid, comm, argv] of entries) {
      mkdirSync(join(proc, pid));
      writeFileSync(join(proc, pid, 'comm'), `${comm}\n`);
      writeFileSync(join(proc, pid, 'cmdline'), `${argv.join('\0')}\0`);
    }
    return expect(findConmonLog(ID, proc)).resolves.toEqual({ pid: 99, logFile: LOG });
  });

  it('is null when no conmon has that id', () => {
    return expect(findConmonLog(ID, tempDir('tempfs-fake-proc-'))).resolves.toBeNull();
  });
});

describe('parseK8sFileLine', () => {
  it('reads the stream, the partial flag and the text (spaces kept)', () => {
    expect(parseK8sFileLine('2026-11-30T11:03:24.586215652+00:00 stdout F ready  now')).toEqual({ stream: 'stdout', partial: false, text: 'ready  now' });
    expect(parseK8sFileLine('2026-11-30T11:03:24.586215652+00:00 stderr P abc')).toEqual({ stream: 'stderr', partial: true, text: 'abc' });
    expect(parseK8sFileLine('2026-11-30T11:03:24.586215652+00:00 stdout F')).toEqual({ stream: 'stdout', partial: false, text: '' });
  });

  it('is null for a line of another shape', () => {
    expect(parseK8sFileLine('just text')).toBeNull();
  });
});
