/** Where the process serving a project's terminals listens for `tempfs attach`. */
import { join } from 'node:path';
import { resolveStateDir } from '../monitor/state-dir.js';

export function attachSocketPath(env: Record<string, string | undefined>, project: string): string {
  return join(resolveStateDir(env), 'terminals', `${project}.sock`);
}
