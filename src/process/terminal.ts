/**
 * A named terminal: a working directory and an environment that carry over from one
 * command to the next, plus the history of what ran. Each command runs in a new shell
 * started from this state; the state it leaves behind becomes the new state.
 */
import type { LaunchRequest } from './launcher.js';
import { StateCollector, newMarker, volatileOf, wrapCommand } from './terminal-state.js';
import type { HistoryEntry, ProcessTarget, TerminalInfo, TerminalOptions } from './types.js';

export class Terminal {
  readonly history: HistoryEntry[] = [];
  readonly target: ProcessTarget;
  cwd: string | undefined;
  /** Host: the whole environment. Container: variables set on top of the container's. */
  env: Record<string, string>;
  private readonly marker = newMarker();

  constructor(readonly id: string, options: TerminalOptions) {
    this.target = options.target ?? { kind: 'host' };
    const host = this.target.kind === 'host';
    this.cwd = options.cwd ?? (host ? process.cwd() : undefined);
    this.env = host ? { ...(process.env as Record<string, string>), ...options.env } : { ...options.env };
  }

  /** How to start `command` from the current state (plain: for background processes). */
  request(id: string, command: string, stdin: boolean): LaunchRequest {
    const host = this.target.kind === 'host';
    return host
      ? { id, command, cwd: this.cwd, baseEnv: this.env, stdin }
      : { id, command, cwd: this.cwd, env: this.env, stdin };
  }

  /** A request that also reports the state it ends in, and the collector that reads it. */
  stateful(id: string, command: string): { request: LaunchRequest; collector: StateCollector } {
    return {
      request: this.request(id, wrapCommand(command, this.marker), false),
      collector: new StateCollector(this.marker),
    };
  }

  adopt(collector: StateCollector): void {
    if (!collector.state) return;
    this.cwd = collector.state.cwd;
    // SHLVL must survive: without it Debian's bash takes `bash -c` with a non-terminal
    // stdin for a remote shell and reads ~/.bashrc (which may hang, e.g. on pyenv's lock).
    this.env = { ...volatileOf(this.env), ...collector.state.env };
  }

  info(): TerminalInfo {
    return { terminalId: this.id, cwd: this.cwd, target: this.target, commands: this.history.length };
  }
}
