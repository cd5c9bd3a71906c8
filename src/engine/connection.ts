/**
 * Which engine tempfs talks to and how: the kind (podman or docker), its binary, and the
 * connection flags that go first on every call (`podman --url`/`--connection`, `docker
 * --host`/`--context`). The monitor gets the same value in its argv (monitor-args.ts), so
 * it talks to the same engine as the CLI that started it.
 */
export type EngineKind = 'podman' | 'docker';

export const ENGINE_KINDS: readonly EngineKind[] = ['podman', 'docker'];

export interface EngineConnection {
  kind: EngineKind;
  /** The executable (a name looked up on PATH, or a path). */
  binary: string;
  /** Podman: a `podman system connection` name (`--connection`). */
  connection?: string;
  /** Podman `--url`, Docker `--host`: `unix:///run/x.sock`, `ssh://user@host`, `tcp://host:2375`. */
  url?: string;
  /** Docker: a `docker context` name (`--context`). */
  context?: string;
}

/** The flags placed before the verb of every engine call. */
export function connectionArgs(c: EngineConnection): string[] {
  if (c.kind === 'podman') {
    if (c.url) return ['--url', c.url];
    if (c.connection) return ['--connection', c.connection];
    return [];
  }
  if (c.context) return ['--context', c.context];
  if (c.url) return ['--host', c.url];
  return [];
}

/** Docker's own default socket: a `DOCKER_HOST` naming it (some shells set it always) is the local daemon. */
const DOCKER_DEFAULT_SOCKETS = ['unix:///var/run/docker.sock', 'unix:///run/docker.sock'];

/**
 * True when the engine may not share this machine's file system: any explicit connection
 * (a unix socket too: `podman system service` may run in a VM or another mount namespace,
 * and `docker --context` can name anything) but Docker's `default` context and default socket.
 */
export function isRemote(c: EngineConnection): boolean {
  if (c.kind === 'docker' && (c.context === 'default' || DOCKER_DEFAULT_SOCKETS.includes(c.url ?? ''))) return false;
  return Boolean(c.url || c.connection || c.context);
}

/** The local Docker daemon's socket file, or null when the daemon may be elsewhere (see isRemote). */
export function localDockerSocket(c: EngineConnection): string | null {
  if (c.kind !== 'docker' || isRemote(c)) return null;
  return (c.url ?? DOCKER_DEFAULT_SOCKETS[0]!).slice('unix://'.length);
}

/** `docker (DOCKER_HOST unix:///run/x.sock)`: how errors name the engine. */
export function describeConnection(c: EngineConnection): string {
  if (c.url) return `${c.kind} at ${c.url}`;
  if (c.connection) return `${c.kind} connection ${c.connection}`;
  if (c.context) return `${c.kind} context ${c.context}`;
  return c.kind;
}

/**
 * The host name of a `tcp://` or `ssh://` URL: where the engine's published ports are
 * reached from here. A unix socket (or nothing) is this machine: null.
 */
export function urlHost(url: string | undefined): string | null {
  if (!url || url.startsWith('unix:') || url.startsWith('npipe:')) return null;
  try {
    const host = new URL(url).hostname;
    return host === '' ? null : host.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return null;
  }
}
