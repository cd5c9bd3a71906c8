/** The XDG base folders tempfs keeps its files under (state: records, logs, history; cache: models). */
import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** `$XDG_STATE_HOME`, else `~/.local/state`. */
export function xdgStateHome(env: Env, home: string = env.HOME || homedir()): string {
  return env.XDG_STATE_HOME || join(home, '.local', 'state');
}

/** `$XDG_CACHE_HOME`, else `~/.cache`. */
export function xdgCacheHome(env: Env, home: string = env.HOME || homedir()): string {
  return env.XDG_CACHE_HOME || join(home, '.cache');
}
