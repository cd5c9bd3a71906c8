/** Schema validation: the precompiled ajv validator decides, `explain` words the failure. */
import { readFile } from 'node:fs/promises';
import { TempfsError } from '../errors.js';
import { validate as compiled } from './generated/validate-schema.js';
import type { PositionTable } from './positions.js';

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

export const SCHEMA_URL = new URL('../../schema/tempfs.schema.json', import.meta.url);

/** Throws RECIPE_INVALID at the offending value (or key) when `data` breaks the schema. */
export async function validateRecipe(data: unknown, table: PositionTable): Promise<void> {
  const validate = compiled as Validator;
  if (validate(data)) return;
  // Only on failure: load the schema and the explainer (keeps the happy path lean).
  const [{ explain }, schema] = await Promise.all([import('./explain.js'), readFile(SCHEMA_URL, 'utf8').then(JSON.parse)]);
  const problem = explain(schema, data);
  if (!problem) {
    // The explainer and ajv disagree: fall back to ajv's own words rather than hide the error.
    const first = validate.errors?.[0];
    throw new TempfsError('RECIPE_INVALID', `${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}`);
  }
  throw new TempfsError('RECIPE_INVALID', problem.message, { at: table.find(data, problem.path, { key: problem.atKey || problem.pointAtKey }) });
}
