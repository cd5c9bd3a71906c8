/**
 * `tempfs doctor`, first check: which engine tempfs would use and why (the flag, the
 * variable, or what is on PATH), which others it found, then that engine's own checks.
 */
import { ENGINE_KINDS, describeConnection } from './connection.js';
import { engineFor } from './create.js';
import { DockerEngine } from './docker.js';
import { runDockerDoctor } from './docker-doctor.js';
import { runDoctor, type DoctorCheck } from './doctor.js';
import { binaryOf, onPath, selectEngine, type EngineFlags } from './select.js';
import { choosePodmanSocket } from './engine-api.js';
import { PodmanApi } from './podman-api.js';
import type { EngineConnection } from './connection.js';

type Env = Record<string, string | undefined>;

export async function runEngineDoctor(flags: EngineFlags, env: Env, signal: AbortSignal): Promise<DoctorCheck[]> {
  const { connection, reason } = selectEngine(flags, env);
  const found = ENGINE_KINDS.filter((kind) => onPath(binaryOf(kind, env), env));
  const others = found.filter((kind) => kind !== connection.kind);
  const also = others.length ? `; also found ${others.join(', ')} (--engine ${others[0]} or TEMPFS_ENGINE=${others[0]} to use it)` : '';
  const engineCheck: DoctorCheck = {
    name: 'engine',
    ok: found.length > 0,
    detail: found.length > 0 ? `${describeConnection(connection)}: ${reason}${also}` : 'neither podman nor docker is on PATH',
    ...(found.length > 0 ? {} : { fix: 'install Podman 4.3+ (apt-get install -y podman runc) or Docker 20.10+ (apt-get install -y docker.io), or point TEMPFS_PODMAN / TEMPFS_DOCKER at the binary' }),
  };
  const engine = engineFor(connection, env);
  const rest = engine instanceof DockerEngine ? await runDockerDoctor(engine, signal) : await runDoctor(engine, signal);
  const api = connection.kind === 'podman' && found.length > 0 ? await podmanApiCheck(connection, env) : null;
  return [engineCheck, ...(api ? [api] : []), ...rest];
}

/**
 * Whether a `podman system service` takes the calls on the path of `up` and `down`
 * (engine-api.ts): never a failure, since the CLI does the same work, only slower.
 */
async function podmanApiCheck(connection: EngineConnection, env: Env): Promise<DoctorCheck | null> {
  const choice = choosePodmanSocket(connection, env);
  const name = 'podman API';
  const cli = 'every call through the podman CLI';
  const info = (detail: string): DoctorCheck => ({ name, ok: true, detail });
  if (choice.socket === null) {
    switch (choice.why) {
      case 'remote':
        return null;
      case 'off':
        return info(`off (TEMPFS_PODMAN_SOCKET=${env.TEMPFS_PODMAN_SOCKET}): ${cli}`);
      case 'not a socket':
        return info(`TEMPFS_PODMAN_SOCKET=${env.TEMPFS_PODMAN_SOCKET} is not a socket: ${cli}`);
      case 'another binary':
        return info(`${cli} (${connection.binary}); name a service's socket with TEMPFS_PODMAN_SOCKET to use it`);
      case 'none found':
        return info(`no podman system service found: ${cli} (a service makes up and down faster: systemctl enable --now podman.socket)`);
    }
  }
  const { socket } = choice;
  if (!(await new PodmanApi(socket).ping())) return info(`${socket} does not answer: ${cli}`);
  return info(`${socket}: networks and removals go there`);
}
