/**
 * A local Podman container's output read straight from the file its conmon writes (the
 * k8s-file log driver), instead of one `podman logs -f` process per container: on a busy
 * 2-core machine that process took 200-400 ms to print the first line, on the path from
 * `podman run -d` to "ready", while competing with the containers still starting.
 *
 * Everything comes from the container's own conmon, found in /proc by the container id: its
 * `-l k8s-file:PATH` names the file (another driver, or no conmon: null, and the caller
 * uses `podman logs -f`), and its exit marks the container's: conmon waits for the
 * container and writes its last lines before it exits, so the stream ends then, as
 * `podman logs -f` does.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import type { LogLine } from './engine.js';
import { LineSplitter } from '../shared/line-splitter.js';

export interface ConmonLog {
  /** conmon's pid: alive while the container runs. */
  pid: number;
  logFile: string;
}

/** How often the file and conmon are looked at when no change was signalled. */
const POLL_MS = 50;
const CHUNK = 64 * 1024;

/** The conmon of container `id` (full id) and its k8s-file log, or null (none here, or another log driver). */
export async function findConmonLog(id: string, procDir = '/proc'): Promise<ConmonLog | null> {
  let entries: string[];
  try {
    entries = await readdir(procDir);
  } catch {
    return null;
  }
  // `comm` first: it is read from the task itself, where `cmdline` waits on the process's
  // memory map, which a process being created or torn down can hold for a long while.
  const found = await Promise.all(
    entries.filter((e) => /^\d+$/.test(e)).map(async (pid) => {
      try {
        if ((await readFile(`${procDir}/${pid}/comm`, 'utf8')).trim() !== 'conmon') return null;
        const argv = (await readFile(`${procDir}/${pid}/cmdline`, 'utf8')).split('\0');
        return conmonLogOf(Number(pid), argv, id);
      } catch {
        return null; // gone meanwhile, or not ours to read
      }
    }),
  );
  return found.find((f) => f !== null) ?? null;
}

/** The log of a conmon command line when it is the conmon of `id` writing a k8s-file log. */
export function conmonLogOf(pid: number, argv: readonly string[], id: string): ConmonLog | null {
  if (!argv[0]?.endsWith('conmon')) return null;
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at === -1 ? undefined : argv[at + 1];
  };
  if (value('-c') !== id) return null;
  const log = value('-l');
  if (!log?.startsWith('k8s-file:')) return null;
  return { pid, logFile: log.slice('k8s-file:'.length) };
}

/** One k8s-file line: `<time> <stdout|stderr> <F|P> <text>`; P is a part of a longer line. */
export function parseK8sFileLine(raw: string): { stream: LogLine['stream']; partial: boolean; text: string } | null {
  const m = /^\S+ (stdout|stderr) ([A-Z]+)(?: (.*))?$/s.exec(raw);
  if (!m) return null;
  return { stream: m[1] as LogLine['stream'], partial: m[2]!.startsWith('P'), text: m[3] ?? '' };
}

/** Opens the log; null when it cannot be read (the caller falls back to `podman logs`). */
export async function openConmonLog(log: ConmonLog): Promise<FileHandle | null> {
  try {
    return await open(log.logFile, 'r');
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Every line of the file from its start, then the lines as they are written, until conmon
 * exits (the container stopped) or the signal aborts (not an error). Closes `handle`.
 */
export async function* followConmonLog(log: ConmonLog, handle: FileHandle, signal?: AbortSignal): AsyncGenerator<LogLine> {
  const ready: LogLine[] = [];
  const parts: Record<LogLine['stream'], string> = { stdout: '', stderr: '' };
  const splitter = new LineSplitter((raw) => {
    const entry = parseK8sFileLine(raw);
    if (entry === null) return void ready.push({ stream: 'stdout', line: raw });
    parts[entry.stream] += entry.text;
    if (entry.partial && parts[entry.stream].length < CHUNK) return;
    ready.push({ stream: entry.stream, line: parts[entry.stream] });
    parts[entry.stream] = '';
  });
  let wake: (() => void) | null = null;
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(log.logFile, { persistent: false }, notify);
    watcher.on('error', () => {}); // the timer below still looks
  } catch {
    // no inotify here: the timer alone
  }
  signal?.addEventListener('abort', notify, { once: true });
  const buffer = Buffer.alloc(CHUNK);
  let position = 0;
  let exited = false;
  try {
    for (;;) {
      if (signal?.aborted) return;
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead > 0) {
        position += bytesRead;
        splitter.push(buffer.subarray(0, bytesRead));
        while (ready.length > 0) yield ready.shift()!;
        continue;
      }
      if (exited) break;
      // conmon writes the last lines before it exits: one more read after it is gone.
      if (!alive(log.pid)) {
        exited = true;
        continue;
      }
      if ((await handle.stat()).size < position) position = 0; // truncated (log_size_max)
      if (signal?.aborted) return; // aborted during the read or the stat: no wait to arm
      // The timer goes with the wait: one left behind would hold the process open up to
      // POLL_MS after the stream ended (every `up -d` exited ~50 ms late for it).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(notify, POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    splitter.end();
    while (ready.length > 0) yield ready.shift()!;
  } finally {
    signal?.removeEventListener('abort', notify);
    watcher?.close();
    await handle.close();
  }
}
