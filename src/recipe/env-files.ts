/** Env files (`KEY=VALUE` lines) read with Node's own parser, `util.parseEnv`. */
import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import { TempfsError, type SourcePosition } from '../errors.js';

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
      readFile(path, 'utf8').catch((cause: NodeJS.ErrnoException) => {
        if (options.optional && cause.code === 'ENOENT') return '';
        const shown = options.display?.(path) ?? path;
        const why = cause.code === 'ENOENT' ? 'not found' : cause.code === 'EISDIR' ? 'is a folder' : cause.message;
        throw new TempfsError('ENV_FILE', `env file ${shown}: ${why}`, { at: options.at?.(i), cause });
      }),
    ),
  );
  const env: Record<string, string> = {};
  for (const text of texts) Object.assign(env, parseEnv(text));
  return env;
}
