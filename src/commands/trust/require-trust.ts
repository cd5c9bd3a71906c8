/**
 * The trust step: a recipe that reaches into the host (see host-access.ts) runs
 * only once the user has trusted its folder at this content. On a terminal tempfs asks;
 * elsewhere it refuses with the command to run.
 */
import { TempfsError } from '../../errors.js';
import { hostAccess, type HostAccessScope } from './host-access.js';
import type { Project } from '../../recipe/model.js';
import type { CommandContext } from '../context.js';
import { recipeHash } from './recipe-hash.js';
import { isTrusted, setTrust, trustFilePath } from './trust-store.js';

export async function requireTrust(ctx: CommandContext, project: Project, scope: HostAccessScope): Promise<void> {
  const reasons = hostAccess(project, scope);
  if (reasons.length === 0) return;
  const file = trustFilePath(ctx.env);
  const sha256 = await recipeHash(project);
  if (await isTrusted(file, project.dir, sha256)) return;
  const list = reasons.map((r) => `- it ${r}`);
  if (ctx.stdinIsTTY && ctx.isTTY) {
    ctx.stderr.write(`The recipe in ${project.dir} is not trusted yet (or changed since):\n${list.map((l) => `  ${l}\n`).join('')}`);
    // Loaded only to ask (~1 ms): every `up` comes through here.
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: ctx.stdin, output: ctx.stderr });
    const answer = await rl.question('Trust this folder as it is now? [y/N] ', { signal: ctx.signal }).finally(() => rl.close());
    if (/^y(es)?$/i.test(answer.trim())) {
      await setTrust(file, project.dir, sha256);
      return;
    }
  }
  throw new TempfsError('UNTRUSTED', `the recipe in ${project.dir} is not trusted (or changed since it was): it may reach into this machine`, {
    details: list,
    hint: `read the recipe (and its commands), then run: ${trustCommand(ctx)}`,
  });
}

/** `tempfs trust`, with the same -f/-p the user gave, to paste. */
function trustCommand(ctx: CommandContext): string {
  const files = ctx.global.files.flatMap((f) => ['-f', f]);
  return ['tempfs', ...files, 'trust'].join(' ');
}
