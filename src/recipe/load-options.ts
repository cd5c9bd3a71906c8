/** What `loadProject` takes and gives (shared by the fast and the exact path). */
import type { Project, RecipeWarning } from './model.js';

export interface LoadOptions {
  /** Where to look for tempfs.yaml (then parents); relative paths of flags resolve here. */
  cwd: string;
  /** -f, in order; later override earlier key by key. */
  files?: string[];
  /** -p */
  projectName?: string;
  /** --env-file (replace the project's env_file for interpolation). */
  envFiles?: string[];
  /** --profile */
  profiles?: string[];
  /** Containers named on the command line: enabled whatever their profiles. */
  services?: string[];
  /** The shell environment (default process.env). */
  env?: Record<string, string | undefined>;
  /** Default true; false = `config --no-interpolate`. */
  interpolate?: boolean;
}

export interface LoadResult {
  project: Project;
  warnings: RecipeWarning[];
  /**
   * The merged recipe document before normalisation. With `interpolate: false` its values
   * keep their `${VAR}` references (what `config --no-interpolate` prints, as Compose does),
   * while `project` is still built from interpolated values so numbers, ports and sizes
   * hold real values (an unset `${VAR:?}` is then a warning, not an error).
   */
  document: unknown;
}

/** The recipe files found and read, in `-f` order. */
export interface RecipeSources {
  files: string[];
  texts: string[];
}
