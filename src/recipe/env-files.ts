/** Env files (`KEY=VALUE` lines) read with Compose's rules (dotenv.ts). */
import { isTempfsError, type SourcePosition } from '../errors.js';
import { parseDotenv } from './dotenv.js';
import { readTextFile } from './read-text.js';

/** One env file: a path, or Compose's long form (`required: false`, `format: raw`). */
export interface EnvFileRef {
  path: string;
  required?: boolean;
  format?: 'raw';
}

export interface ReadEnvOptions {
  at?: (index: number) => SourcePosition | undefined;
  display?: (path: string) => string;
  /** A missing file is no error (the implicit `.env`). */
  optional?: boolean;
  /** Expansion inside the files looks here first (the shell), then at the values read so far. */
  lookup?: (name: string) => string | undefined;
}

/**
 * Read `paths` (absolute) in order; later files win. A missing or unreadable file is an
 * ENV_FILE error at `at` (the recipe place that named it), unless `optional` or the entry
 * says `required: false`.
 */
export async function readEnvFiles(paths: readonly (string | EnvFileRef)[], options: ReadEnvOptions = {}): Promise<Record<string, string>> {
  const refs = paths.map((p) => (typeof p === 'string' ? { path: p } : p));
  const texts = await Promise.all(
    refs.map((ref, i) =>
      readTextFile(ref.path, { what: `env file ${options.display?.(ref.path) ?? ref.path}:`, code: 'ENV_FILE', at: options.at?.(i) }).catch((e: unknown) => {
        const cause = isTempfsError(e) ? (e.cause as NodeJS.ErrnoException | undefined) : undefined;
        if ((options.optional || ref.required === false) && cause?.code === 'ENOENT') return null;
        throw e;
      }),
    ),
  );
  let env: Record<string, string> = {};
  texts.forEach((text, i) => {
    if (text === null) return;
    const file = options.display?.(refs[i]!.path) ?? refs[i]!.path;
    env = parseDotenv(text, { file, lookup: options.lookup, base: env, raw: refs[i]!.format === 'raw' });
  });
  return env;
}
