/** Reads the compose-go cases kept as data under test/fixtures/compose-go/. */
import { readFileSync } from 'node:fs';

export function cases<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/compose-go/${name}.json`, import.meta.url), 'utf8')) as T;
}
