/**
 * `tempfs shell [container]`: the interactive shell of one running container of the
 * project (the recipe's `terminal:`, else the only container, else the first with the
 * `base` role).
 */
import { join } from 'node:path';
import { TempfsError } from '../errors.js';
import { resolveStateDir } from '../monitor/state-dir.js';
import type { Project } from '../recipe/model.js';
import type { CommandContext } from './context.js';
import { loadForCommand } from './load.js';
import { replSession } from './repl-session.js';
import { createEngine } from './stack/engine.js';
import { pickRunning } from '../stack/find-container.js';
import { llamaUrl } from '../stack/llama-url.js';

export async function shellVerb(ctx: CommandContext, options: { service?: string }): Promise<number> {
  const { project } = await loadForCommand(ctx, { trust: { containers: false, code: true } });
  return openTerminal(ctx, project, options.service ?? defaultTerminal(project));
}

/** The terminal of a running service of a loaded project (also opened by a foreground `up` on a TTY). */
export async function openTerminal(ctx: CommandContext, project: Project, service: string): Promise<number> {
  const engine = createEngine(ctx);
  const running = await engine.listContainers({ project: project.name });
  const container = pickRunning(running, project.name, service);
  return replSession(ctx, {
    engine,
    project,
    container: service,
    containerName: container.name,
    llamaUrl: llamaUrl(project, running),
    historyFile: join(resolveStateDir(ctx.env), 'history', project.name),
  });
}

export function defaultTerminal(project: Project): string {
  const names = Object.keys(project.containers);
  const chosen = terminalFor(project, names) ?? (names.length === 1 ? names[0]! : null);
  if (chosen) return chosen;
  throw new TempfsError('USAGE', `name the container to open a terminal in: tempfs shell <${names.join('|')}>`, {
    hint: 'or set `terminal: <container>` in the recipe',
  });
}

/** Among `candidates`: the recipe's `terminal:`, else the first with the `base` role, else null. */
export function terminalFor(project: Project, candidates: readonly string[]): string | null {
  if (project.terminal && candidates.includes(project.terminal)) return project.terminal;
  return candidates.find((n) => project.containers[n]!.roles.includes('base')) ?? null;
}
