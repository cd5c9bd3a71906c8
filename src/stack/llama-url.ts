/**
 * Where the project's llama-server answers from the host: the origin of the HTTP probe
 * of a container with the `llama` role (its `/health` URL), else its first published TCP port.
 */
import type { ContainerInfo } from '../engine/engine.js';
import { Labels } from '../engine/engine.js';
import type { Project } from '../recipe/model.js';

export function llamaUrl(project: Project, running: readonly ContainerInfo[]): string | undefined {
  for (const spec of Object.values(project.containers)) {
    if (!spec.roles.includes('llama')) continue;
    if (spec.ready?.http) return new URL(spec.ready.http.url).origin;
    const info = running.find((c) => c.labels[Labels.service] === spec.name);
    const port = info?.ports.find((p) => p.protocol === 'tcp');
    if (port) return `http://127.0.0.1:${port.host}`;
  }
  return undefined;
}
