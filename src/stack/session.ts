/** Session ids: one per `up` (or per detached stack), carried by every object as a label. */
import { randomBytes } from 'node:crypto';
import { Labels, type ContainerInfo } from '../engine/engine.js';

export function newSessionId(): string {
  return `s${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

/** The session of a running detached stack, so a second `up -d` joins it instead of forking. */
export function existingSession(containers: readonly ContainerInfo[]): string | null {
  for (const c of containers) {
    const session = c.labels[Labels.session];
    if (session && c.labels[Labels.oneoff] !== 'true') return session;
  }
  return null;
}
