/**
 * `tempfs trust [--revoke]`: trust the recipe folder as it is now (its recipe files and
 * command folders, by content hash), after showing what it may do to this machine.
 */
import type { CommandContext } from './context.js';
import { loadForCommand } from './load.js';
import { hostAccess } from './trust/host-access.js';
import { recipeHash } from './trust/recipe-hash.js';
import { setTrust, trustFilePath } from './trust/trust-store.js';

export async function trustCommand(ctx: CommandContext, options: { revoke: boolean }): Promise<number> {
  const { project } = await loadForCommand(ctx);
  const file = trustFilePath(ctx.env);
  if (options.revoke) {
    await setTrust(file, project.dir, null);
    ctx.stdout.write(`no longer trusted: ${project.dir}\n`);
    return 0;
  }
  const sha256 = await recipeHash(project);
  await setTrust(file, project.dir, sha256);
  const reasons = hostAccess(project, { containers: true, code: true });
  ctx.stdout.write(`trusted: ${project.dir} (sha256 ${sha256.slice(0, 16)})\n`);
  for (const r of reasons) ctx.stdout.write(`  - it ${r}\n`);
  if (reasons.length === 0) ctx.stdout.write('  (it reaches nothing on this machine beyond its containers and published ports)\n');
  return 0;
}
