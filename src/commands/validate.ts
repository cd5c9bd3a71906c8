/**
 * `tempfs validate`: load and check the recipe; one line `ok: N containers`, or the first
 * error with file:line:col (exit 2). With --json, one object either way, for editors and CI:
 * `{"ok":true,"project":…,"files":[…],"containers":[…]}` or
 * `{"ok":false,"error":{"code","message","file","line","column","details","hint"}}`.
 */
import { ExitCode, isTempfsError } from '../errors.js';
import type { CommandContext } from './context.js';
import { loadForCommand } from './load.js';

export interface ValidateOptions {
  json?: boolean;
}

export async function validateCommand(ctx: CommandContext, options: ValidateOptions = {}): Promise<number> {
  if (!options.json) {
    const { project } = await loadForCommand(ctx);
    const n = Object.keys(project.containers).length;
    ctx.stdout.write(`ok: ${n} container${n === 1 ? '' : 's'}\n`);
    return 0;
  }
  try {
    const { project } = await loadForCommand(ctx);
    const result = { ok: true, project: project.name, files: project.files, containers: Object.keys(project.containers) };
    ctx.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    // Only a recipe's own problems are answered as data; anything else is a real failure.
    if (!isTempfsError(error) || error.exitCode !== ExitCode.INVALID) throw error;
    const at = error.at;
    const result = {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        file: at?.file ?? null,
        line: at?.line ?? null,
        column: at?.col ?? null,
        details: error.details,
        hint: error.hint ?? null,
      },
    };
    ctx.stdout.write(`${JSON.stringify(result)}\n`);
    return ExitCode.INVALID;
  }
}
