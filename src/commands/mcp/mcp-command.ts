/**
 * `tempfs mcp`: a Model Context Protocol server over stdio. Commands run in the recipe's
 * sandbox container (started on first use), on the host only with --allow-host. Stdout
 * carries the protocol and nothing else: `up`/`down` write to stderr. When the client
 * disconnects or a signal arrives, everything this server started is stopped.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Readable } from 'node:stream';
import { isTempfsError } from '../../errors.js';

import { ProcessManager, serveAttach } from '../../process/index.js';
import { attachSocketPath } from '../attach-path.js';
import type { CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';
import { abortExitCode } from '../stack/abort.js';
import { untilDisconnect } from './lifetime.js';
import { Sandbox } from './sandbox.js';
import { sandboxService } from './sandbox-service.js';
import { createMcpServer } from './server.js';
import { shutdown } from './shutdown.js';
import { TargetResolver } from './targets.js';

export interface McpOptions {
  /** `--container`: the recipe container commands run in by default. */
  container?: string;
  /** `--allow-host`: tools may run commands on this machine. */
  allowHost: boolean;
  /** Reported to the client as the server version. */
  version: string;
  /** Bound on the shutdown (default 30 s). */
  shutdownTimeoutMs?: number;
}

export async function mcpCommand(ctx: CommandContext, options: McpOptions): Promise<number> {
  const log = (line: string): void => void ctx.stderr.write(`tempfs mcp: ${line}\n`);
  const closing = new AbortController();
  const sandbox = await loadSandbox(ctx, options, (signal) => sideContext(ctx, signal ?? AbortSignal.any([ctx.signal, closing.signal])));
  const manager = new ProcessManager({ podmanPath: ctx.env.TEMPFS_PODMAN || 'podman' });
  const targets = new TargetResolver(sandbox, options.allowHost);
  const server = createMcpServer({ manager, targets, sandbox, closing: closing.signal }, options.version);
  const project = sandbox?.state().project ?? ctx.global.projectName ?? 'host';
  const attach = await serveAttach(attachSocketPath(ctx.env, project), (id) => manager.attach(id)).catch((error: unknown) => {
    log(`tempfs attach will not work: ${(error as Error).message}`);
    return undefined;
  });
  const ended = untilDisconnect(ctx.stdin, server, ctx.signal);
  await server.connect(new StdioServerTransport(ctx.stdin, ctx.stdout));
  const where = sandbox ? `sandbox ${sandbox.state().service} of project ${sandbox.state().project}` : 'no sandbox (no recipe)';
  log(`serving on stdio; ${where}; host ${options.allowHost ? 'allowed' : 'refused'}`);

  log(`stopping: ${await ended}`);
  closing.abort();
  await attach?.close();
  await shutdown({ manager, sandbox, log, boundMs: options.shutdownTimeoutMs });
  await server.close().catch(() => {});
  log('stopped');
  return ctx.signal.aborted ? abortExitCode(ctx.signal) : 0;
}

/** The recipe's sandbox; null in host-only mode (no recipe found, --allow-host given). */
async function loadSandbox(ctx: CommandContext, options: McpOptions, context: (signal?: AbortSignal) => CommandContext): Promise<Sandbox | null> {
  try {
    const { project } = await loadForCommand(ctx, { trust: { containers: true, code: false } });
    const graceMs = Math.max(0, ...Object.values(project.containers).map((c) => c.stop_grace_period));
    return new Sandbox({ project: project.name, service: sandboxService(project, options.container), context, graceMs });
  } catch (error) {
    const hostOnly = options.allowHost && options.container === undefined && ctx.global.files.length === 0;
    if (hostOnly && isTempfsError(error, 'RECIPE_NOT_FOUND')) return null;
    throw error;
  }
}

/** A context for up/down: their "stdout" is our stderr, no stdin, no colours, our signal. */
function sideContext(ctx: CommandContext, signal: AbortSignal): CommandContext {
  return { ...ctx, stdin: Readable.from([]), stdout: ctx.stderr, isTTY: false, stdinIsTTY: false, color: false, signal };
}
