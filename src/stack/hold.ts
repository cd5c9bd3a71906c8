/**
 * A project's networks made before any container joins them, under a monitor of a session
 * of their own: for a program that starts containers of the project later and wants each
 * started without making the networks on the way (`tempfs mcp`'s sandboxes). The monitor
 * is spawned before the first network is asked for, so nothing leaks whenever this process
 * dies: its monitor, like every monitor of the project, removes the networks once the
 * project's last container is gone. The containers' own sessions leave the networks with
 * `down({ keepNetworks: true })`; `release()` removes them (if no container of the project
 * is left) and lets the monitor go.
 */
import { ownerLabels } from '../engine/labels.js';
import { TempfsError } from '../errors.js';
import { guardSession } from './guard.js';
import { removeSession } from './handle.js';
import { resolveInputs, type StackInputs } from './inputs.js';
import { ensureProjectNetwork } from './networks.js';
import { newSessionId } from './session.js';

export interface NetworkHold {
  readonly session: string;
  /** The networks' names, made. */
  readonly networks: readonly string[];
  release(): Promise<void>;
}

export interface HoldOptions extends StackInputs {
  /** The network keys of the project to make (`default`, a declared one, the internal one). */
  keys: readonly string[];
}

export async function holdNetworks(options: HoldOptions): Promise<NetworkHold> {
  const { engine, project } = options;
  const { events, monitor: settings } = resolveInputs(options);
  if (!settings) throw new TempfsError('INTERNAL', 'holding networks needs a monitor');
  const session = newSessionId();
  // Spawned here, synchronously: it holds its end of the pipe before any network exists.
  const monitorStarting = guardSession(settings, { session, project: project.name, graceMs: 0, networksOnly: true });
  const labels = ownerLabels(project.name, session);
  const making = Promise.all(options.keys.map((key) => ensureProjectNetwork(engine, project, key, labels)));
  monitorStarting.catch(() => {});
  making.catch(() => {});
  try {
    const [monitor, networks] = await Promise.all([monitorStarting, making]);
    return { session, networks, release: () => removeSession(engine, session, { project, events, monitor }) };
  } catch (error) {
    const started = await monitorStarting.catch(() => null);
    await making.catch(() => {});
    await removeSession(engine, session, { project, events, monitor: started }).catch(() => {});
    throw error;
  }
}
