/** Verbs that only read the recipe: config, validate, plan, trust. */
import type { CAC } from 'cac';
import { TempfsError } from '../errors.js';
import type { CliIO } from './context.js';
import { makeContext } from './context.js';

export function registerRecipeVerbs(cli: CAC, io: CliIO): void {
  cli
    .command('config', 'Print the resolved recipe: merged, interpolated, validated, normalised')
    .option('--format <format>', 'yaml or json', { default: 'yaml' })
    .option('--json', 'Same as --format json')
    .option('--services', 'Print only the container names, one per line')
    .option('--no-interpolate', 'Leave ${VAR} references as written')
    .option('-q, --quiet', 'Only validate; print nothing')
    .example('tempfs config -f recipes/llama-server.yaml --format json')
    .action(async (options: Record<string, unknown>) => {
      const format = options.json ? 'json' : String(options.format);
      if (format !== 'yaml' && format !== 'json') throw new TempfsError('USAGE', `--format must be yaml or json, not "${format}"`);
      const { configCommand } = await import('../commands/config.js');
      return configCommand(makeContext(io, options), {
        format,
        services: Boolean(options.services),
        interpolate: options.interpolate !== false,
        quiet: Boolean(options.quiet),
      });
    });

  cli
    .command('validate', 'Check the recipe; prints "ok: N containers" or the first error with file:line:col')
    .option('--json', 'Print the result as one JSON object (an error too, with its file, line and column)')
    .example('tempfs validate --json')
    .action(async (options: Record<string, unknown>) => {
      const { validateCommand } = await import('../commands/validate.js');
      return validateCommand(makeContext(io, options), { json: Boolean(options.json) });
    });

  cli
    .command('plan [...containers]', 'Show the order `up` starts containers in and what each waits for')
    .option('--json', 'Print the plan as JSON')
    .example('tempfs plan sandbox')
    .action(async (containers: string[], options: Record<string, unknown>) => {
      const { planCommand } = await import('../commands/plan.js');
      return planCommand(makeContext(io, options), containers, { json: Boolean(options.json) });
    });

  cli
    .command('trust', 'Trust this recipe folder as it is now: its bind mounts, capabilities and command modules may then run')
    .option('--revoke', 'Forget the trust')
    .action(async (options: Record<string, unknown>) => {
      const { trustCommand } = await import('../commands/trust.js');
      return trustCommand(makeContext(io, options), { revoke: Boolean(options.revoke) });
    });
}
