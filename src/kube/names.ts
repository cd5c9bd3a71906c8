/** Kubernetes names and labels for a project's objects. */

/** An RFC 1035 label (what Service names need): lower case, `-`, starts with a letter, at most 63. */
export function kubeName(name: string): string {
  let out = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(out)) out = `c-${out}`;
  return out.slice(0, 63).replace(/-+$/, '');
}

/** The labels of a container's objects: app.kubernetes.io/* and tempfs's own. */
export function containerLabels(project: string, service: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...selectorLabels(project, service),
    'app.kubernetes.io/managed-by': 'tempfs',
    'app.kubernetes.io/part-of': project,
    'io.tempfs.project': project,
    'io.tempfs.service': service,
    ...extra,
  };
}

/** What a Deployment and a Service select a container's Pods by. */
export function selectorLabels(project: string, service: string): Record<string, string> {
  return { 'app.kubernetes.io/instance': project, 'app.kubernetes.io/name': kubeName(service) };
}

/** Labels of project-wide objects (ConfigMaps and PVCs shared by several containers). */
export function projectLabels(project: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'app.kubernetes.io/instance': project,
    'app.kubernetes.io/managed-by': 'tempfs',
    'app.kubernetes.io/part-of': project,
    'io.tempfs.project': project,
    ...extra,
  };
}
