/**
 * What a recipe may do to the host beyond running containers, in words a user can judge
 * before trusting it: JavaScript modules imported on the host (`commands:` folders),
 * host paths bind-mounted into containers (Compose's file `secrets:`/`configs:` are bind
 * mounts too: `file: /etc/shadow` would hand a host file over), and capabilities added
 * back. Pure.
 */
import type { Project } from '../../recipe/model.js';

export interface HostAccessScope {
  /** The verb creates containers (up, run, the MCP sandbox). */
  containers: boolean;
  /** The verb imports the recipe's command modules (the interactive shell). */
  code: boolean;
}

export function hostAccess(project: Project, scope: HostAccessScope): string[] {
  const reasons: string[] = [];
  if (scope.code && project.commands.length > 0) {
    reasons.push(`runs the JavaScript in ${project.commands.join(', ')} on this machine (commands:)`);
  }
  if (scope.containers) {
    for (const spec of Object.values(project.containers)) {
      for (const mount of spec.volumes) {
        if (mount.type === 'bind') reasons.push(`gives containers.${spec.name} the host path ${mount.source}${mount.read_only ? ' (read-only)' : ''} at ${mount.target}`);
      }
      for (const file of [...spec.secrets, ...spec.configs]) {
        reasons.push(`gives containers.${spec.name} the host file ${file.source} (read-only) at ${file.target}`);
      }
      if (spec.cap_add.length > 0) reasons.push(`adds the capabilities ${spec.cap_add.join(', ')} to containers.${spec.name}`);
    }
  }
  return reasons;
}
