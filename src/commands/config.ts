/** `tempfs config`: print the resolved, normalised model (or just the service names). */
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
  if (options.format === 'json') {
    ctx.stdout.write(`${JSON.stringify(project, null, 2)}\n`);
    return 0;
  }
  // The yaml package (a quarter of what `config` would load) only when YAML is asked for.
  const { projectYaml } = await import('./config-yaml.js');
  ctx.stdout.write(projectYaml(project));
  return 0;
}
