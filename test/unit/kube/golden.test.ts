/**
 * `tempfs kube` of the stock recipes and the fixtures, compared as text with the files in
 * test/fixtures/kube/golden/ (update on purpose with `npx vitest run test/unit/kube -u`,
 * then read the diff). Warnings are part of the output: each names the field and file:line:col.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES, runKube, runKubeFresh } from './cases.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('tempfs kube: golden manifests', () => {
  for (const c of CASES) {
    it(`${c.name}: the same text as before, exit 0`, async () => {
      const r = await runKube(c);
      expect(r.code).toBe(0);
      await expect(r.stdout).toMatchFileSnapshot(`../../fixtures/kube/golden/${c.name}.yaml`);
      await expect(r.stderr).toMatchFileSnapshot(`../../fixtures/kube/golden/${c.name}.warnings.txt`);
    });
  }

  it('is stable: two runs give the same bytes', async () => {
    const [a, b] = await Promise.all([runKubeFresh(CASES[0]!), runKubeFresh(CASES[0]!)]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/); // no timestamps
  });
});

describe('tempfs kube: what cannot go to a cluster, and --out', () => {
  it('a bind mount of a host folder exits 2 with the place and the fix', async () => {
    const r = await runKube({ name: 'bind', argv: ['-f', 'test/fixtures/kube/bind.yaml'] });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: test\/fixtures\/kube\/bind\.yaml:6:9: containers\.app\.volumes\[0\]: a bind mount of a host folder .* cannot go to Kubernetes/m);
    expect(r.stderr).toMatch(/^hint: for data, use a named volume \("name:\/src".*PersistentVolumeClaim.*ConfigMap/m);
  });

  it('--out DIR writes one numbered file per object and replaces what an earlier run wrote', async () => {
    const dir = tempDir('tempfs-kube-out-');
    writeFileSync(join(dir, '99-deployment-stale.yaml'), 'stale');
    writeFileSync(join(dir, 'kustomization.yaml'), 'mine');
    const r = await runKube({ name: 'out', argv: ['-f', 'test/fixtures/kube/everything.yaml', 'kube', '--out', dir] });
    expect(r.code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toContain('kustomization.yaml');
    expect(files).not.toContain('99-deployment-stale.yaml');
    expect(files.filter((f) => /^\d\d-/.test(f))).toEqual([
      '01-configmap-db-env.yaml',
      '02-persistentvolumeclaim-shop-pgdata.yaml',
      '03-persistentvolumeclaim-shop-models.yaml',
      '04-serviceaccount-job-reader.yaml',
      '05-role-job-reader.yaml',
      '06-rolebinding-job-reader.yaml',
      '07-service-db.yaml',
      '08-deployment-db.yaml',
      '09-job-migrate.yaml',
      '10-deployment-cache.yaml',
      '11-service-web.yaml',
      '12-deployment-web.yaml',
      '13-deployment-worker.yaml',
    ]);
    const stream = await runKube({ name: 'stream', argv: ['-f', 'test/fixtures/kube/everything.yaml'] });
    const joined = files.filter((f) => /^\d\d-/.test(f)).map((f) => readFileSync(join(dir, f), 'utf8')).join('---\n');
    expect(joined).toBe(stream.stdout);
  });
});

describe('tempfs kube: the global options apply', () => {
  const names = (yaml: string) => [...yaml.matchAll(/^kind: (\w+)\nmetadata:\n(?:  .*\n)*?  name: (.+)$/gm)].map((m) => `${m[1]}/${m[2]}`);

  it('--profile turns containers on, as for up', async () => {
    const base = ['-f', 'test/fixtures/recipes/valid/profiles/tempfs.yaml'];
    const plain = await runKube({ name: 'p0', argv: base });
    const debug = await runKube({ name: 'p1', argv: [...base, '--profile', 'debug', '--profile', 'tools'] });
    expect(names(plain.stdout)).toEqual(['Deployment/db', 'Deployment/app']);
    expect(names(debug.stdout)).toEqual(['Deployment/db', 'Deployment/app', 'Deployment/tools', 'Deployment/debug']);
  });

  it('--env-file feeds interpolation', async () => {
    const dir = tempDir('tempfs-kube-env-');
    writeFileSync(join(dir, 'k.env'), 'SANDBOX_IMAGE=registry.example/box:7\n');
    const r = await runKube({ name: 'env', argv: ['-f', 'recipes/ubuntu.yaml', '--env-file', join(dir, 'k.env')] });
    expect(r.stdout).toMatch(/^ {10}image: registry\.example\/box:7$/m);
  });

  it('a compose file: an optional env file may be missing, and warnings point into services:', async () => {
    const dir = tempDir('tempfs-kube-compose-');
    writeFileSync(join(dir, 'a.env'), 'A=from-file\n');
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  web:\n    image: busybox\n    env_file:\n      - path: ./missing.env\n        required: false\n      - ./a.env\n    ready: { log: up }\n',
    );
    const r = await runKube({ name: 'compose', argv: ['-f', join(dir, 'compose.yaml')] });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^data:\n {2}A: from-file$/m);
    expect(r.stderr).toMatch(/^warning: .*compose\.yaml:8:19: containers\.web\.ready\.log: /m);
  });
});
