/**
 * `tempfs mcp`: a Model Context Protocol server over stdio (src/mcp/). Commands run in the
 * recipe's sandbox container (started on first use), on the host only with --allow-host.
 * This verb loads the recipe and wires the server to the CLI's streams; progress of the
 * sandbox's start goes to stderr, never to the protocol stream.
 */
import type { ContainerEngine } from '../../engine/engine.js';
import { abortExitCode, isTempfsError, TempfsError } from '../../errors.js';
import { loadRules } from '../../mcp/approval.js';
import { MAX_OUTPUT_BYTES, MIN_OUTPUT_BYTES } from '../../mcp/reply-cap.js';
import { Sandbox } from '../../mcp/sandbox.js';
import { serveMcp } from '../../mcp/serve.js';
import { DEFAULT_SANDBOX_IMAGE } from '../../mcp/sandbox-spec.js';
import { workspaceRoots } from '../../mcp/workspace.js';
import { Sandboxes } from '../../mcp/sandboxes.js';
import { attachSocketPath } from '../attach-path.js';
import type { CommandContext } from '../context.js';
import { loadForCommand } from '../load.js';
import { createEngine } from '../stack/engine.js';
import { sandboxService } from './sandbox-service.js';

export interface McpOptions {
  /** `--container`: the recipe container commands run in by default. */
  container?: string;
  /** `--allow-host`: tools may run commands on this machine. */
  allowHost: boolean;
  /** Reported to the client as the server version. */
  version: string;
  /** Bound on the shutdown (default 30 s). */
  shutdownTimeoutMs?: number;
  /** `--workspace`: host folders sandboxes may mount (default: the current folder). */
  workspace?: string[];
  /** `--max-output BYTES`: the default cap of a result's output fields. */
  maxOutputBytes?: number;
  /** `--yes`: destructive host commands run without asking. */
  yes?: boolean;
  /** `--approval-rules FILE`: adjusts the list of destructive host commands. */
  approvalRules?: string;
}

export async function mcpCommand(ctx: CommandContext, options: McpOptions): Promise<number> {
  const max = options.maxOutputBytes;
  if (max !== undefined && (max < MIN_OUTPUT_BYTES || max > MAX_OUTPUT_BYTES)) {
    throw new TempfsError('USAGE', `--max-output takes ${MIN_OUTPUT_BYTES} to ${MAX_OUTPUT_BYTES} bytes, not ${max}`);
  }
  const closing = new AbortController();
  // The rules matter only to host commands (`--allow-host`).
  const rules = options.allowHost ? await loadRules(options.approvalRules) : undefined;
  const engine = createEngine(ctx);
  const sandbox = await loadSandbox(ctx, engine, options, closing.signal);
  const roots = await workspaceRoots(options.workspace ?? [], ctx.cwd);
  const sandboxes = new Sandboxes({
    engine,
    roots,
    defaultImage: sandbox?.image ?? DEFAULT_SANDBOX_IMAGE,
    signal: AbortSignal.any([ctx.signal, closing.signal]),
    events: ctx.events,
    env: ctx.env,
  });
  await serveMcp({
    stdin: ctx.stdin,
    stdout: ctx.stdout,
    log: (line) => void ctx.stderr.write(`tempfs mcp: ${line}\n`),
    signal: ctx.signal,
    sandbox,
    closing,
    allowHost: options.allowHost,
    version: options.version,
    attachSocket: attachSocketPath(ctx.env, sandbox?.state().project ?? ctx.global.projectName ?? 'host'),
    shutdownTimeoutMs: options.shutdownTimeoutMs,
    // The selected engine's binary: `docker exec` takes the same flags as `podman exec`.
    podmanPath: engine.binary,
    sandboxes,
    engine,
    maxOutputBytes: options.maxOutputBytes,
    workspaces: roots,
    approval: rules ? { yes: options.yes ?? false, rules } : undefined,
  });
  return ctx.signal.aborted ? abortExitCode(ctx.signal) : 0;
}

/** The recipe's sandbox; null when no recipe is found and none was named (then: sandboxes of container_start, and the host with --allow-host). */
async function loadSandbox(ctx: CommandContext, engine: ContainerEngine, options: McpOptions, closing: AbortSignal): Promise<Sandbox | null> {
  try {
    const { project } = await loadForCommand(ctx, { trust: { containers: true, code: false } });
    return new Sandbox({
      engine,
      project,
      service: sandboxService(project, options.container),
      signal: AbortSignal.any([ctx.signal, closing]),
      events: ctx.events,
      env: ctx.env,
    });
  } catch (error) {
    const noRecipe = options.container === undefined && ctx.global.files.length === 0;
    if (noRecipe && isTempfsError(error, 'RECIPE_NOT_FOUND')) return null;
    throw error;
  }
}
