/**
 * Load the project named by the global options; print its warnings to stderr.
 * Every command that needs a recipe goes through here, so -f/-p/--env-file/--profile
 * mean the same thing everywhere.
 */
import { loadProject, type LoadResult } from '../recipe/index.js';
import type { HostAccessScope } from './trust/host-access.js';
import { printWarnings } from '../ui/print.js';
import type { CommandContext } from './context.js';

export interface LoadForCommand {
  /** Containers named on the command line (enabled whatever their profiles). */
  services?: string[];
  interpolate?: boolean;
  /** Don't print warnings (`config -q`). */
  quiet?: boolean;
  /** The verb acts on the host this way: the recipe folder must be trusted (see trust/). */
  trust?: HostAccessScope;
}

export async function loadForCommand(ctx: CommandContext, options: LoadForCommand = {}): Promise<LoadResult> {
  const result = await loadProject({
    cwd: ctx.cwd,
    files: ctx.global.files,
    projectName: ctx.global.projectName,
    envFiles: ctx.global.envFiles,
    profiles: ctx.global.profiles,
    services: options.services,
    env: ctx.env,
    interpolate: options.interpolate,
  });
  if (!options.quiet) printWarnings(ctx.stderr, result.warnings, ctx.color);
  if (options.trust) {
    // Loaded here, not at the top: config, validate, plan and kube come through this file
    // too and should not pay for node:crypto and readline at start-up.
    const { requireTrust } = await import('./trust/require-trust.js');
    await requireTrust(ctx, result.project, options.trust);
  }
  return result;
}
