/**
 * Where the published ports of a remote engine are reached from this machine: the host of
 * its `ssh://`/`tcp://` URL, or of the URL behind a Podman connection / Docker context
 * name. A unix socket is this machine (null: loopback, as for a local engine).
 */
import { urlHost, type EngineConnection } from './connection.js';
import type { RunResult } from './exec.js';

type Call = (args: readonly string[]) => Promise<RunResult>;

export async function publishedHost(c: EngineConnection, call: Call): Promise<string | null> {
  if (c.url) return urlHost(c.url);
  try {
    if (c.kind === 'podman' && c.connection) {
      const { stdout } = await call(['system', 'connection', 'list', '--format', 'json']);
      const list = JSON.parse(stdout || '[]') as { Name?: string; URI?: string }[];
      return urlHost(list.find((e) => e.Name === c.connection)?.URI);
    }
    if (c.kind === 'docker' && c.context) {
      const { stdout } = await call(['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}', c.context]);
      return urlHost(stdout.trim());
    }
  } catch {
    // Unknown connection: the engine's own call fails with its message; probes use loopback.
  }
  return null;
}
