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
  return [engineCheck, ...rest];
}
