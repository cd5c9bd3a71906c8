import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { generate, outputPath, schemaPath } from '../../../scripts/compile-schema.mjs';

test('src/recipe/generated/validate-schema.ts is up to date with the schema (run node scripts/compile-schema.mjs)', () => {
  const expected = generate(JSON.parse(readFileSync(schemaPath, 'utf8')));
  expect(readFileSync(outputPath, 'utf8') === expected).toBe(true);
});
