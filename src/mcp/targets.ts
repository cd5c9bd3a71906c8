/**
 * Where a tool call runs. The sandbox container by default (started on first use), the
 * host only when the server was started with --allow-host, or a sandbox this server started
 * with container_start, by its containerId. Without a recipe (host-only mode) the default
 * is the host.
 */
import { TempfsError } from '../errors.js';
import type { ProcessTarget } from '../process/index.js';
import type { SandboxControl } from './sandbox.js';
import type { Sandboxes } from './sandboxes.js';

export type TargetName = 'sandbox' | 'host';

export interface ResolvedTarget {
  target: ProcessTarget;
  /** Set when this call had to start the sandbox: the agent should know why it took long. */
  notice?: string;
}

export class TargetResolver {
  constructor(
    private readonly sandbox: SandboxControl | null,
    readonly allowHost: boolean,
    /** The sandboxes of container_start; null where the server offers none (tests). */
    readonly sandboxes: Sandboxes | null = null,
  ) {}

  get defaultTarget(): TargetName {
    return this.sandbox ? 'sandbox' : 'host';
  }

  /** "host", "sandbox", or a containerId of this server's sandboxes. */
  async resolve(requested: string | undefined): Promise<ResolvedTarget> {
    const name = requested ?? this.defaultTarget;
    if (name === 'host') {
      if (!this.allowHost) {
        throw new TempfsError('USAGE', `target "host"${requested === undefined ? ' (the default without a recipe)' : ''} is not allowed: this MCP server was started without --allow-host`, {
          hint: this.sandbox
            ? 'leave target out to run in the sandbox container, or ask the user to restart the server with `tempfs mcp --allow-host`'
            : 'start a sandbox with container_start and pass its containerId as target, or ask the user to restart the server with `tempfs mcp --allow-host`',
        });
      }
      return { target: { kind: 'host' } };
    }
    if (name !== 'sandbox' && !(this.sandbox && name === this.sandbox.state().container)) {
      if (!this.sandboxes) throw new TempfsError('USAGE', `target ${JSON.stringify(name)}: use "sandbox" or "host"`);
      // Throws NOT_FOUND, naming this server's sandboxes, for anything else (another session's container included).
      return { target: { kind: 'container', name: this.sandboxes.use(name) } };
    }
    if (!this.sandbox) {
      throw new TempfsError('USAGE', 'there is no sandbox container: the server was started without a recipe', {
        hint: 'start one with container_start and pass its containerId as target, or use target "host"',
      });
    }
    const { container, started } = await this.sandbox.ensure();
    const target: ProcessTarget = { kind: 'container', name: container };
    return started ? { target, notice: `the sandbox container ${container} was not running: started it first` } : { target };
  }
}
