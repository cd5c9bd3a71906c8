/**
 * Which API socket an engine uses (socket-api.ts), if any: Docker's local daemon always
 * (connection.ts, localDockerSocket); Podman's when a `podman system service` listens on
 * this machine. Decided without starting a process or connecting: a stat of the socket file.
 *
 * Podman's socket: `TEMPFS_PODMAN_SOCKET` names one (empty or `none`: never use one);
 * otherwise Podman's own place, `/run/podman/podman.sock` for root (podman.socket) and
 * `$XDG_RUNTIME_DIR/podman/podman.sock` for a user (`systemctl --user enable --now
 * podman.socket`). Not when another binary than `podman` is named (`TEMPFS_PODMAN`: a wrapper
 * of the user's sees every call) unless the socket is named too, nor for a remote Podman (`--url`, `--connection`,
 * `CONTAINER_HOST`): its CLI already talks to a service.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DockerApi } from './docker-api.js';
import { isRemote, localDockerSocket, type EngineConnection } from './connection.js';
import { PodmanApi } from './podman-api.js';
import type { EngineApi } from './socket-api.js';

type Env = Record<string, string | undefined>;

export function engineApi(connection: EngineConnection, env: Env): EngineApi | null {
  if (connection.kind === 'docker') {
    const socket = localDockerSocket(connection);
    return socket === null ? null : new DockerApi(socket);
  }
  const socket = localPodmanSocket(connection, env);
  return socket === null ? null : new PodmanApi(socket);
}

/** Why no Podman socket is used (doctor words each). */
export type NoPodmanSocket = 'remote' | 'off' | 'not a socket' | 'another binary' | 'none found';

/** The socket of a Podman service on this machine, or why there is none (see the top of this file). */
export function choosePodmanSocket(connection: EngineConnection, env: Env): { socket: string } | { socket: null; why: NoPodmanSocket } {
  const none = (why: NoPodmanSocket) => ({ socket: null, why }) as const;
  if (connection.kind !== 'podman' || isRemote(connection)) return none('remote');
  const named = env.TEMPFS_PODMAN_SOCKET;
  if (named === '' || named === 'none') return none('off');
  if (named !== undefined) return isSocket(named) ? { socket: named } : none('not a socket');
  if (connection.binary !== 'podman') return none('another binary');
  const own = process.getuid?.() === 0 ? '/run/podman/podman.sock' : env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock') : null;
  return own !== null && isSocket(own) ? { socket: own } : none('none found');
}

export function localPodmanSocket(connection: EngineConnection, env: Env): string | null {
  return choosePodmanSocket(connection, env).socket;
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}
