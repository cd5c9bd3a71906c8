/**
 * followConmonLog against a real process standing in for conmon: the lines written so far,
 * partial lines joined, then the lines written later, and the end once the process exits.
 */
import { spawn } from 'node:child_process';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { followConmonLog, openConmonLog } from '../../../src/engine/log-file.js';
import type { LogLine } from '../../../src/engine/engine.js';
import { tempDir } from '../../helpers/temp-dir.js';

const T = '2026-11-30T11:03:24.586215652+00:00';

describe('followConmonLog', () => {
  it('yields the whole log, then what is written later, and ends when conmon exits', async () => {
    const logFile = join(tempDir('tempfs-conmon-log-'), 'ctr.log');
    await writeFile(logFile, `${T} stdout F one\n${T} stdout P tw\n`);
    const conmon = spawn('sleep', ['30'], { stdio: 'ignore' });
    const log = { pid: conmon.pid!, logFile };
    const handle = await openConmonLog(log);
    expect(handle).not.toBeNull();
    const lines: LogLine[] = [];
    const seen = new Set<string>();
    const iterator = followConmonLog(log, handle!)[Symbol.asyncIterator]();
    const next = async (): Promise<LogLine | undefined> => {
      const r = await iterator.next();
      if (!r.done) lines.push(r.value);
      return r.done ? undefined : r.value;
    };
    expect(await next()).toEqual({ stream: 'stdout', line: 'one' });
    await appendFile(logFile, `${T} stdout F o\n${T} stderr F oops\n`);
    expect(await next()).toEqual({ stream: 'stdout', line: 'two' });
    expect(await next()).toEqual({ stream: 'stderr', line: 'oops' });
    // Written just before conmon goes: still read.
    await appendFile(logFile, `${T} stdout F last\n`);
    conmon.kill('SIGKILL');
    await once(conmon, 'exit');
    for (let line = await next(); line; line = await next()) seen.add(line.line);
    expect(lines.map((l) => l.line)).toEqual(['one', 'two', 'oops', 'last']);
    expect(seen).toEqual(new Set(['last']));
  });

  it('ends at once without error when the signal aborts', async () => {
    const logFile = join(tempDir('tempfs-conmon-log-'), 'ctr.log');
    await writeFile(logFile, '');
    const conmon = spawn('sleep', ['30'], { stdio: 'ignore' });
    const log = { pid: conmon.pid!, logFile };
    const stop = new AbortController();
    const lines: LogLine[] = [];
    const reading = (async () => {
      for await (const line of followConmonLog(log, (await openConmonLog(log))!, stop.signal)) lines.push(line);
    })();
    stop.abort();
    await reading;
    conmon.kill('SIGKILL');
    expect(lines).toEqual([]);
  });

  it('leaves no timer behind once it ends, so the process can exit at once', async () => {
    const logFile = join(tempDir('tempfs-conmon-log-'), 'ctr.log');
    await writeFile(logFile, `${T} stdout F ready\n`);
    const conmon = spawn('sleep', ['30'], { stdio: 'ignore' });
    const log = { pid: conmon.pid!, logFile };
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const stop = new AbortController();
    const iterator = followConmonLog(log, (await openConmonLog(log))!, stop.signal)[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ stream: 'stdout', line: 'ready' });
    // Now waiting for more: its poll timer gets armed (once a read and a stat have come back).
    const ended = iterator.next();
    for (let i = 0; i < 500 && timers() === before; i++) await new Promise((r) => setTimeout(r, 2));
    expect(timers()).toBe(before + 1);
    stop.abort();
    expect((await ended).done).toBe(true);
    expect(timers()).toBe(before);
    conmon.kill('SIGKILL');
  });
});
