/** The ServiceAccount whose Pods may read Jobs: init containers `kubectl wait` for one-shots with it. */
import { manifest } from './objects.js';
import type { Manifest } from './types.js';

export function jobReaderObjects(project: string, name: string, labels: Record<string, string>): Manifest[] {
  return [
    manifest('v1', 'ServiceAccount', name, labels, {}, [`lets the init containers of ${project} wait for its Jobs to complete`]),
    manifest('rbac.authorization.k8s.io/v1', 'Role', name, labels, {
      rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] }],
    }),
    manifest('rbac.authorization.k8s.io/v1', 'RoleBinding', name, labels, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name }],
    }),
  ];
}
