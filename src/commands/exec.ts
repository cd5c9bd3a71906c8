/** `tempfs exec <container> [--] <cmd...>`: run a command in a running container; its exit code is ours. */
import { TempfsError } from '../errors.js';
import type { CommandContext } from './context.js';
import { createEngine } from './stack/engine.js';
import { findRunningContainer } from '../stack/find-container.js';
import { resolveProjectRef } from './stack/project-ref.js';

export interface ExecCommandOptions {
  service: string;
  argv: string[];
  /** -T: no TTY even when stdin is one. */
  noTty: boolean;
  env: Record<string, string>;
  workdir?: string;
  user?: string;
}

export async function execCommand(ctx: CommandContext, options: ExecCommandOptions): Promise<number> {
  if (options.argv.length === 0) throw new TempfsError('USAGE', 'tempfs exec needs a command: tempfs exec <container> -- <cmd...>');
  const ref = await resolveProjectRef(ctx);
  const engine = createEngine(ctx);
  const container = await findRunningContainer(engine, ref.name, options.service);
  const result = await engine.exec(container.name, options.argv, {
    inherit: true,
    tty: ctx.stdinIsTTY && !options.noTty,
    env: options.env,
    workdir: options.workdir,
    user: options.user,
    signal: ctx.signal,
  });
  return result.exitCode;
}
