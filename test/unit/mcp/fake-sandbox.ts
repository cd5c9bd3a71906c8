/** A SandboxControl that records calls instead of starting containers (unit tests only). */
import type { SandboxControl, SandboxState } from '../../../src/mcp/sandbox.js';

export class FakeSandbox implements SandboxControl {
  calls: string[] = [];
  private running: boolean;
  private startedHere = false;

  constructor(options: { running?: boolean; stop?: () => Promise<void> } = {}) {
    this.running = options.running ?? false;
    if (options.stop) this.stopImpl = options.stop;
  }

  private stopImpl: () => Promise<void> = async () => {};

  state(): SandboxState {
    return { project: 'proj', service: 'box', container: this.running ? 'proj-box-1' : undefined, startedHere: this.startedHere };
  }

  async ensure(): Promise<{ container: string; started: boolean }> {
    this.calls.push('ensure');
    const started = !this.running;
    if (started) this.startedHere = true;
    this.running = true;
    return { container: 'proj-box-1', started };
  }

  async stop(): Promise<void> {
    this.calls.push('stop');
    await this.stopImpl();
    this.running = false;
    this.startedHere = false;
  }
}
