/**
 * The monitor of a session, started by the orchestrator and nowhere else: a detached
 * process holding one end of a pipe whose other end only this process holds, so the
 * session is removed whatever ends this process (see monitor/launcher.ts).
 */
import { startMonitor, type MonitorHandle } from '../monitor/launcher.js';
import type { MonitorSettings } from './inputs.js';

export interface GuardRequest {
  session: string;
  project: string;
  /** The session's longest stop_grace_period, for the monitor's `rm -f`. */
  graceMs: number;
  expiresAt?: number | null;
  /** The caller has just checked the engine (its version): the monitor need not. */
  engineChecked?: boolean;
  /** The stack ran before this process (a second `up -d`): its death keeps the stack. */
  keepOnOwnerDeath?: boolean;
  /** The session makes Pods (`tempfs kube --play`): the monitor's cleanup and `down` look for them. */
  pods?: boolean;
  /** The session holds networks only (hold.ts). */
  networksOnly?: boolean;
}

export function guardSession(settings: MonitorSettings, request: GuardRequest): Promise<MonitorHandle> {
  return startMonitor({
    session: request.session,
    project: request.project,
    mode: 'foreground',
    expiresAt: request.expiresAt ?? null,
    graceMs: request.graceMs,
    stateDir: settings.stateDir,
    engine: settings.engine,
    podmanChecked: request.engineChecked,
    keepOnOwnerDeath: request.keepOnOwnerDeath,
    pods: request.pods,
    networksOnly: request.networksOnly,
  });
}
