/**
 * `tempfs run <container> [--] <cmd...>`: for CI and one-shot prompts. Starts what the
 * container depends on (waiting for its conditions), runs the command in a fresh one-off
 * container of that service attached to this terminal, removes everything it started,
 * and exits with the command's code.
 */
import { run as runStack } from '../stack/index.js';
import type { CommandContext } from './context.js';
import { withProgress } from './stack/progress-done.js';
import { loadForCommand } from './load.js';
import { abortExitCode } from '../errors.js';
import { createEngine } from './stack/engine.js';

export interface RunCommandOptions {
  service: string;
  /** Empty: the service's own command. */
  argv: string[];
  noTty: boolean;
  env: Record<string, string>;
  /** `--no-deps`: do not start the dependencies. */
  noDeps: boolean;
}

export async function runCommand(ctx: CommandContext, options: RunCommandOptions): Promise<number> {
  return withProgress(ctx, () => run(ctx, options));
}

async function run(ctx: CommandContext, options: RunCommandOptions): Promise<number> {
  const { project } = await loadForCommand(ctx, { services: [options.service], trust: { containers: true, code: false } });
  const engine = createEngine(ctx);
  try {
    const result = await runStack({
      engine,
      project,
      service: options.service,
      command: options.argv,
      environment: options.env,
      noDeps: options.noDeps,
      tty: ctx.stdinIsTTY && !options.noTty,
      signal: ctx.signal,
      events: ctx.events,
      env: ctx.env,
      // The one-off owns the terminal from here: the rows must be finished.
      beforeStart: () => ctx.progressDone?.(),
    });
    return result.exitCode;
  } catch (error) {
    if (ctx.signal.aborted) return abortExitCode(ctx.signal);
    throw error;
  }
}
