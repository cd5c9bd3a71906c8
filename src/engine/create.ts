/** The engine object for a connection: the one place that maps a kind to its class. */
import type { EngineConnection } from './connection.js';
import { DockerEngine } from './docker.js';
import { PodmanEngine } from './podman.js';

type Env = Record<string, string | undefined>;

export function engineFor(connection: EngineConnection, env: Env = process.env): PodmanEngine {
  const { kind, ...rest } = connection;
  return kind === 'docker' ? new DockerEngine({ env, connection: rest }) : new PodmanEngine({ env, connection: rest });
}
