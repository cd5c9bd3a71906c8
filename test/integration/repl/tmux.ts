/** A tmux session on a private server socket, driven like a person at a keyboard. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export class TmuxSession {
  readonly socket = `tempfs-test-${randomBytes(4).toString('hex')}`;
  readonly name = 'term';

  constructor(command: string[], env: Record<string, string> = {}) {
    const sets = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    this.tmux('new-session', '-d', '-s', this.name, '-x', '160', '-y', '60', ...sets, ...command);
    // Keep the pane after the program exits, so its last words can be read.
    this.tmux('set-option', '-t', this.name, 'remain-on-exit', 'on');
  }

  /** Types text literally, then presses Enter. */
  line(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
    this.tmux('send-keys', '-t', this.name, 'Enter');
  }

  /** Presses keys by tmux name (C-c, C-d, Up, Tab). */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', this.name);
  }

  /** True once the pane's program has exited. */
  dead(): boolean {
    return this.tmux('display-message', '-p', '-t', this.name, '#{pane_dead}').trim() === '1';
  }

  /** Waits until `test(screen)` holds; fails with the screen after `limitMs` (a guard against hanging). */
  async until(test: (screen: string) => boolean, limitMs = 20_000): Promise<string> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const screen = this.screen();
      if (test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`tmux screen never matched:\n${screen}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
}
