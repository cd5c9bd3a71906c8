/**
 * `tempfs kube` of the stock recipes and the fixtures, compared as text with the files in
 * test/fixtures/kube/golden/ (update on purpose with `npx vitest run test/unit/kube -u`,
 * then read the diff). Warnings are part of the output: each names the field and file:line:col.
 */
import { describe, expect, it } from 'vitest';
import { CASES, runKube } from './cases.js';

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
    const [a, b] = await Promise.all([runKube(CASES[0]!), runKube(CASES[0]!)]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/); // no timestamps
  });
});
