/**
 * Every manifest `tempfs kube` writes validates against the Kubernetes API schema, offline:
 * kubernetes-models ships validators compiled from the Kubernetes OpenAPI definitions.
 */
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { toManifests } from '../../../src/kube/index.js';
import { loadProject } from '../../../src/recipe/index.js';
import { CASES, repo, runKube } from './cases.js';

type Validating = new (data: never) => { validate(): void };

const MODELS: Record<string, Validating> = {
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Pod': Pod,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};

function validateAll(objects: Record<string, unknown>[]): string[] {
  return objects.map((o) => {
    const key = `${String(o.apiVersion)}/${String(o.kind)}`;
    const Model = MODELS[key];
    expect(Model, `no schema for ${key}`).toBeDefined();
    new Model!(o as never).validate(); // throws with the schema path of the first problem
    return key;
  });
}

describe('tempfs kube: manifests validate against the Kubernetes API schema', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const r = await runKube(c);
      const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, unknown>);
      expect(docs.length).toBeGreaterThan(0);
      expect(validateAll(docs).length).toBe(docs.length);
    });
  }

  it('the podman kube play form of tempfs.yaml too', async () => {
    const { project } = await loadProject({ cwd: repo, env: {} });
    const result = toManifests(project, 'all', { target: 'podman', pods: true, initImage: 'busybox', kubectlImage: 'kubectl' });
    expect(validateAll(result.manifests.map((m) => m.object))).toContain('v1/Pod');
  });

  it('a schema violation is caught (the check can fail)', () => {
    const bad = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'c', ports: [{ containerPort: '80' }] }] } };
    expect(() => validateAll([bad])).toThrow(/containerPort must be integer/);
  });
});
