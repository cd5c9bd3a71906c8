/** Kubernetes object shells: apiVersion, kind, metadata. */
import type { Manifest } from './types.js';

export function manifest(
  apiVersion: string,
  kind: string,
  name: string,
  labels: Record<string, string>,
  body: Record<string, unknown>,
  comments: string[] = [],
  annotations: Record<string, string> = {},
): Manifest {
  const metadata = { name, labels, ...(Object.keys(annotations).length ? { annotations } : {}) };
  return { kind, name, object: { apiVersion, kind, metadata, ...body }, comments };
}
