/**
 * Where tempfs keeps session records and monitor logs. Podman's labels stay the source
 * of truth; these files only say who watches a session and what its monitor did.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TempfsError } from '../errors.js';
import { xdgStateHome } from '../shared/xdg-paths.js';

/** `TEMPFS_STATE_DIR`, else `$XDG_STATE_HOME/tempfs`, else `~/.local/state/tempfs`. */
export function resolveStateDir(env: Record<string, string | undefined>, home: string = homedir()): string {
  if (env.TEMPFS_STATE_DIR) return env.TEMPFS_STATE_DIR;
  return join(xdgStateHome(env, home), 'tempfs');
}

// Session ids become file names and argv: keep them to a safe alphabet.
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function assertSessionId(session: string): void {
  if (!SESSION_ID.test(session)) {
    throw new TempfsError('INTERNAL', `invalid session id ${JSON.stringify(session)}`);
  }
}

export function sessionsDir(stateDir: string): string {
  return join(stateDir, 'sessions');
}

export function sessionRecordPath(stateDir: string, session: string): string {
  assertSessionId(session);
  return join(sessionsDir(stateDir), `${session}.json`);
}

export function monitorLogPath(stateDir: string, session: string): string {
  assertSessionId(session);
  return join(stateDir, 'logs', `${session}.log`);
}
