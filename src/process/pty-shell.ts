/**
 * A live shell on a pseudo-terminal: on the host directly, in a container through
 * `podman exec -it` under the PTY (the PTY's size and keys pass through podman to the
 * container's own terminal). This file starts the shell, writes to it, resizes it,
 * and signals what runs in it; `Terminal` makes sense of what it prints.
 */
import type { IPty } from '@lydell/node-pty';
import { TempfsError } from '../errors.js';
import { END_SESSION, hostEndSession, hostSignalForeground, remoteScript, SIGNAL_FOREGROUND } from './pty-signals.js';
import { LAUNCH_SCRIPT } from './shell-integration.js';
import type { ProcessTarget } from './types.js';

export interface PtyShellOptions {
  target: ProcessTarget;
  cwd?: string;
  /** Host: the whole environment. Container: variables on top of the container's. */
  env: Record<string, string>;
  cols: number;
  rows: number;
  podmanPath: string;
}

export interface PtyExit {
  exitCode: number;
  signal: number | undefined;
}

type NodePty = typeof import('@lydell/node-pty');
let loaded: Promise<NodePty> | undefined;

/** node-pty is loaded on first use: commands that never open a terminal do not pay for it. */
function nodePty(): Promise<NodePty> {
  loaded ??= import('@lydell/node-pty').then((m) => ((m as { default?: NodePty }).default ?? m) as NodePty);
  return loaded;
}

export class PtyShell {
  /** The shell's pid where it runs (in the container's pid namespace for a container); set by the P marker. */
  shellPid: number | undefined;
  readonly exited: Promise<PtyExit>;
  cols: number;
  rows: number;

  private constructor(
    private readonly pty: IPty,
    private readonly options: PtyShellOptions,
  ) {
    this.cols = options.cols;
    this.rows = options.rows;
    this.exited = new Promise((resolve) => pty.onExit((e) => resolve({ exitCode: e.exitCode, signal: e.signal || undefined })));
  }

  static async start(options: PtyShellOptions, onData: (data: string) => void): Promise<PtyShell> {
    const pty = await nodePty();
    const common = { name: 'xterm-256color', cols: options.cols, rows: options.rows };
    let child: IPty;
    try {
      if (options.target.kind === 'host') {
        const env: Record<string, string> = { ...options.env, TERM: 'xterm-256color' };
        delete env.ENV; // sh would source it
        child = pty.spawn('/bin/sh', ['-c', LAUNCH_SCRIPT], { ...common, cwd: options.cwd ?? process.cwd(), env });
      } else {
        const args = ['exec', '-it', '-e', 'TERM=xterm-256color'];
        if (options.cwd) args.push('-w', options.cwd);
        for (const [key, value] of Object.entries(options.env)) args.push('-e', `${key}=${value}`);
        args.push(options.target.name, 'sh', '-c', LAUNCH_SCRIPT);
        child = pty.spawn(options.podmanPath, args, { ...common, cwd: process.cwd(), env: process.env as Record<string, string> });
      }
    } catch (cause) {
      throw new TempfsError('PROCESS', `cannot start a terminal: ${(cause as Error).message}`, { cause });
    }
    child.onData(onData);
    return new PtyShell(child, options);
  }

  /** The pid of the local process on the PTY (the shell on the host, the `podman exec` client otherwise). */
  get pid(): number {
    return this.pty.pid;
  }

  write(data: string): void {
    this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    this.pty.resize(cols, rows);
    this.cols = cols;
    this.rows = rows;
  }

  /** Sends `signal` to the terminal's foreground process group; false when only the shell is there. */
  async signalForeground(signal: NodeJS.Signals): Promise<boolean> {
    if (this.shellPid === undefined) return false;
    if (this.options.target.kind === 'host') return hostSignalForeground(this.shellPid, signal);
    const out = await remoteScript(this.options.podmanPath, this.options.target.name, SIGNAL_FOREGROUND, [String(this.shellPid), signal]);
    return out.trim() === 'sent';
  }

  /** Ends the shell and everything in its session: SIGHUP, then SIGKILL after `graceMs`. */
  async close(graceMs: number): Promise<void> {
    const pid = this.shellPid;
    if (pid !== undefined) {
      if (this.options.target.kind === 'host') await hostEndSession(pid, graceMs);
      else await remoteScript(this.options.podmanPath, this.options.target.name, END_SESSION, [String(pid), String(Math.ceil(graceMs / 100))]);
    }
    // The shell is gone (or never said its pid): the local side goes too (the podman exec client, or the host shell).
    const ended = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), pid === undefined ? 0 : 1000).unref())]);
    if (!ended) {
      try {
        this.pty.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.exited;
  }
}
