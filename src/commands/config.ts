/** `tempfs config`: print the resolved, normalised model (or just the service names). */
import { stringify } from 'yaml';
import type { CommandContext } from './context.js';
import { loadForCommand } from './load.js';

export interface ConfigOptions {
  format: 'yaml' | 'json';
  services: boolean;
  interpolate: boolean;
  quiet: boolean;
}

export async function configCommand(ctx: CommandContext, options: ConfigOptions): Promise<number> {
  const { project } = await loadForCommand(ctx, { interpolate: options.interpolate, quiet: options.quiet });
  if (options.quiet) return 0;
  if (options.services) {
    ctx.stdout.write(Object.keys(project.containers).map((n) => `${n}\n`).join(''));
    return 0;
  }
  ctx.stdout.write(options.format === 'json' ? `${JSON.stringify(project, null, 2)}\n` : stringify(project, { lineWidth: 0 }));
  return 0;
}
