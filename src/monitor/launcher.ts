/**
 * Start the monitor of a session: `node <dist>/monitor/main.js`, detached (its own
 * session and process group, so terminal signals and the CLI's death do not reach it),
 * output to its log file. In foreground mode its stdin is one end of a socket pair whose
 * other end only the CLI holds: whatever ends the CLI (exit, SIGKILL, the OOM killer),
 * the kernel closes that end and the monitor reads EOF at once. Node opens that end
 * close-on-exec, so the podman processes the CLI starts later do not inherit it and
 * cannot hold the pipe open.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import type { Socket } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TempfsError } from '../errors.js';
import { monitorArgv } from './monitor-args.js';
import type { EngineConnection } from '../engine/connection.js';
import type { MonitorMode } from './session-record.js';
import { monitorLogPath } from './state-dir.js';
import { expiresAt as ttlExpiresAt } from './ttl.js';
import { pruneMonitorLogs } from './prune-logs.js';
import { waitForReadyLine } from './ready-line.js';

export interface StartMonitorOptions {
  session: string;
  project: string;
  mode: MonitorMode;
  /** TTL from now; ignored when `expiresAt` is given. */
  ttlMs?: number | null;
  /** Epoch ms, the same value as the `io.tempfs.expires` label (see ttlLabels). */
  expiresAt?: number | null;
  /** Grace for `rm -f` when the monitor cleans up (the recipe's longest stop_grace_period). */
  graceMs: number;
  stateDir: string;
  podmanPath?: string;
  /** The CLI's engine and connection (wins over podmanPath): passed in the monitor's argv. */
  engine?: EngineConnection;
  /** The caller has just run `podmanPath` (its version check): the monitor need not before `ready`. */
  podmanChecked?: boolean;
  /** Detached mode: how often the monitor checks the session still has containers. Default 2000. */
  pollMs?: number;
  /**
   * Foreground mode of a stack that ran before this CLI (a second `up -d`): when the CLI
   * dies, the monitor keeps the stack and guards it as a detached one instead of removing it.
   */
  keepOnOwnerDeath?: boolean;
  /** The session makes Pods (`tempfs kube --play`). */
  pods?: boolean;
  /** The session holds networks only (see MonitorConfig). */
  networksOnly?: boolean;
  /** Default: this process. */
  ownerPid?: number;
  /** Default: dist/monitor/main.js next to this file. */
  entry?: string;
  /** Default 10 s. */
  readyTimeoutMs?: number;
}

export interface MonitorHandle {
  pid: number;
  logFile: string;
  /** The CLI cleaned up itself: the monitor exits without doing anything. */
  release(): Promise<void>;
  /** `up -d` succeeded: from now on the stack outlives the CLI (TTL and polling only). */
  detach(): Promise<void>;
}

/**
 * `dist/monitor/main.js` of this package, whether this module runs from `dist/monitor/`
 * (tsc output), from a chunk of the bundled CLI in `dist/bundle/`, or from `src/` (tests).
 */
export function monitorEntry(moduleUrl: string = import.meta.url): string {
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith('.ts')) return fileURLToPath(new URL('../../dist/monitor/main.js', moduleUrl));
  return fileURLToPath(new URL('../monitor/main.js', moduleUrl));
}

export async function startMonitor(options: StartMonitorOptions): Promise<MonitorHandle> {
  const logFile = monitorLogPath(options.stateDir, options.session);
  const expires = options.expiresAt ?? (options.ttlMs == null ? null : ttlExpiresAt(options.ttlMs, Date.now()));
  const argv = monitorArgv({
    session: options.session,
    project: options.project,
    mode: options.mode,
    ownerPid: options.ownerPid ?? process.pid,
    graceMs: options.graceMs,
    expiresAt: expires,
    stateDir: options.stateDir,
    podmanPath: options.engine ? undefined : options.podmanPath,
    engine: options.engine,
    podmanChecked: options.podmanChecked,
    pollMs: options.pollMs ?? 2000,
    keepOnOwnerDeath: options.keepOnOwnerDeath,
    pods: options.pods,
    networksOnly: options.networksOnly,
  });
  const logFd = openLog(logFile, options.stateDir);
  void pruneMonitorLogs(dirname(logFile));
  const foreground = options.mode === 'foreground';
  const child = (() => {
    try {
      return spawn(process.execPath, [options.entry ?? monitorEntry(), ...argv], {
        detached: true,
        cwd: '/',
        stdio: [foreground ? 'pipe' : 'ignore', logFd, logFd, 'pipe'],
      });
    } finally {
      closeSync(logFd);
    }
  })();
  const control = child.stdin as Socket | null;
  const readyChannel = child.stdio[3] as Socket;

  try {
    await waitForReadyLine(child, readyChannel, options.readyTimeoutMs ?? 10_000);
  } catch (error) {
    control?.destroy();
    if (child.exitCode === null) child.kill('SIGKILL');
    throw new TempfsError('MONITOR', `the monitor of session ${options.session} did not start: ${(error as Error).message}`, {
      cause: error,
      hint: `See ${logFile}.`,
    });
  } finally {
    readyChannel.destroy();
  }
  // Neither the child nor our end of the pipe may keep the CLI's event loop alive.
  child.unref();
  control?.unref();
  const pid = child.pid as number;

  const send = (line: string, end: boolean) =>
    new Promise<void>((resolve) => {
      if (!control || control.destroyed) return resolve();
      control.on('error', () => resolve()); // the monitor is already gone: nothing to tell it
      if (end) control.end(`${line}\n`, () => resolve());
      else control.write(`${line}\n`, () => resolve());
    });

  return {
    pid,
    logFile,
    release: async () => {
      if (foreground) return send('done', true);
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
    detach: () => send('detach', false),
  };
}

/** The monitor's log file, in a state folder we can write; a clear error when we cannot. */
function openLog(logFile: string, stateDir: string): number {
  try {
    mkdirSync(dirname(logFile), { recursive: true });
    return openSync(logFile, 'a', 0o600);
  } catch (error) {
    throw new TempfsError('MONITOR', `cannot write the state folder ${stateDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      cause: error,
      hint: 'point TEMPFS_STATE_DIR (or XDG_STATE_HOME) at a writable folder',
    });
  }
}
