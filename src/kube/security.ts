/** The container's securityContext: an ephemeral one is locked down as tempfs's Podman sandbox is. */
import type { ContainerSpec } from '../recipe/model.js';
import type { Notes } from './notes.js';

export function securityContextFor(spec: ContainerSpec, notes: Notes, comments: string[]): Record<string, unknown> | undefined {
  const context: Record<string, unknown> = {};
  if (spec.ephemeral) {
    context.readOnlyRootFilesystem = true;
    context.allowPrivilegeEscalation = false;
    context.capabilities = { drop: ['ALL'], ...(spec.cap_add.length ? { add: spec.cap_add } : {}) };
  } else if (spec.cap_add.length) {
    context.capabilities = { add: spec.cap_add };
  }
  if (spec.user !== null) {
    const [user, group] = spec.user.split(':');
    if (/^\d+$/.test(user!) && (group === undefined || /^\d+$/.test(group))) {
      context.runAsUser = Number(user);
      if (group !== undefined) context.runAsGroup = Number(group);
    } else {
      notes.warn(['containers', spec.name, 'user'], `Kubernetes takes a numeric uid only; "${spec.user}" is left to the image`, comments);
    }
  }
  return Object.keys(context).length === 0 ? undefined : context;
}
