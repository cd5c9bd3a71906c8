/**
 * Where a tool call runs. The sandbox container by default (started on first use), the
 * host only when the server was started with --allow-host. Without a recipe (host-only
 * mode, --allow-host required) the default is the host.
 */
import { TempfsError } from '../errors.js';
import type { ProcessTarget } from '../process/index.js';
import type { SandboxControl } from './sandbox.js';

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
  ) {}

  get defaultTarget(): TargetName {
    return this.sandbox ? 'sandbox' : 'host';
  }

  async resolve(requested: TargetName | undefined): Promise<ResolvedTarget> {
    const name = requested ?? this.defaultTarget;
    if (name === 'host') {
      if (!this.allowHost) {
        throw new TempfsError('USAGE', 'target "host" is not allowed: this MCP server was started without --allow-host', {
          hint: 'leave target out to run in the sandbox container, or ask the user to restart the server with `tempfs mcp --allow-host`',
        });
      }
      return { target: { kind: 'host' } };
    }
    if (!this.sandbox) {
      throw new TempfsError('USAGE', 'there is no sandbox container: the server was started without a recipe', {
        hint: 'use target "host", or restart the server with `tempfs mcp -f <recipe>`',
      });
    }
    const { container, started } = await this.sandbox.ensure();
    const target: ProcessTarget = { kind: 'container', name: container };
    return started ? { target, notice: `the sandbox container ${container} was not running: started it first` } : { target };
  }
}
