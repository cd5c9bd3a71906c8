/** Which recipe container is the sandbox: --container, else the one `tempfs shell` opens by default. */
import { isTempfsError, TempfsError } from '../../errors.js';
import type { Project } from '../../recipe/model.js';
import { nearest } from '../../shared/suggest.js';
import { defaultTerminal } from '../shell.js';

export function sandboxService(project: Project, requested: string | undefined): string {
  const names = Object.keys(project.containers);
  if (requested !== undefined) {
    if (project.containers[requested]) return requested;
    const near = nearest(requested, names);
    throw new TempfsError('USAGE', `--container ${requested}: the recipe has no container "${requested}"${near ? ` (did you mean "${near}"?)` : ''}`, {
      hint: `containers: ${names.join(', ')}`,
    });
  }
  try {
    return defaultTerminal(project);
  } catch (error) {
    if (!isTempfsError(error, 'USAGE')) throw error;
    throw new TempfsError('USAGE', `name the sandbox container: tempfs mcp --container <${names.join('|')}>`, {
      hint: 'or set `terminal: <container>` in the recipe',
    });
  }
}
