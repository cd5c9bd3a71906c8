/**
 * `tempfs shell [container]`: the interactive terminal of one running container of the
 * project (the recipe's `terminal:`, else the only container, else the first with the
 * `base` role).
 */
import { join } from 'node:path';
import { TempfsError } from '../errors.js';
import { resolveStateDir } from '../monitor/state-dir.js';
import type { Project } from '../recipe/model.js';
import type { CommandContext } from './context.js';
import { loadForCommand } from './load.js';
import { shellCommand } from './shell.js';
import { createEngine } from './stack/engine.js';
import { findRunningContainer } from './stack/find-container.js';
import { llamaUrl } from './stack/llama-url.js';

export async function terminalCommand(ctx: CommandContext, options: { service?: string }): Promise<number> {
  const { project } = await loadForCommand(ctx);
  return openTerminal(ctx, project, options.service ?? defaultTerminal(project));
}

/** The terminal of a running service of a loaded project (also opened by a foreground `up` on a TTY). */
export async function openTerminal(ctx: CommandContext, project: Project, service: string): Promise<number> {
  const engine = createEngine(ctx);
  const container = await findRunningContainer(engine, project.name, service);
  const running = await engine.listContainers({ project: project.name });
  return shellCommand(ctx, {
    engine,
    project,
    container: service,
    containerName: container.name,
    llamaUrl: llamaUrl(project, running),
    historyFile: join(resolveStateDir(ctx.env), 'history', project.name),
  });
}

export function defaultTerminal(project: Project): string {
  if (project.terminal) return project.terminal;
  const names = Object.keys(project.containers);
  if (names.length === 1) return names[0]!;
  const base = names.find((n) => project.containers[n]!.roles.includes('base'));
  if (base) return base;
  throw new TempfsError('USAGE', `name the container to open a terminal in: tempfs shell <${names.join('|')}>`, {
    hint: 'or set `terminal: <container>` in the recipe',
  });
}
