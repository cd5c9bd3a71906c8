/** Env files (`KEY=VALUE` lines) read with Node's own parser, `util.parseEnv`. */
import { parseEnv } from 'node:util';
import { isTempfsError, type SourcePosition } from '../errors.js';
import { readTextFile } from './read-text.js';

/**
 * Read `paths` (absolute) in order; later files win. A missing or unreadable file is an
 * ENV_FILE error at `at` (the recipe place that named it), unless `optional`.
 */
export async function readEnvFiles(
  paths: readonly string[],
  options: { at?: (index: number) => SourcePosition | undefined; display?: (path: string) => string; optional?: boolean } = {},
): Promise<Record<string, string>> {
  const texts = await Promise.all(
    paths.map((path, i) =>
      readTextFile(path, { what: `env file ${options.display?.(path) ?? path}:`, code: 'ENV_FILE', at: options.at?.(i) }).catch((e: unknown) => {
        const cause = isTempfsError(e) ? (e.cause as NodeJS.ErrnoException | undefined) : undefined;
        if (options.optional && cause?.code === 'ENOENT') return '';
        throw e;
      }),
    ),
  );
  const env: Record<string, string> = {};
  for (const text of texts) Object.assign(env, parseEnv(text));
  return env;
}
