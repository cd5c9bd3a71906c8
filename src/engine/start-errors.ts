/**
 * Recognising why Podman could not start a container. Podman reports a busy host port
 * only in text, so this is the one place that reads its message; everything else
 * decides from state (does the image exist, does the name exist).
 */

/** `listen tcp4 127.0.0.1:8080: bind: address already in use` -> `127.0.0.1:8080`; null otherwise. */
export function busyPort(stderr: string): string | null {
  const m = /listen \S+ (\S+): bind: address already in use/.exec(stderr);
  if (m) return m[1] ?? '';
  // Docker, when its own proxy holds the port: `Bind for 127.0.0.1:8080 failed: port is already allocated`.
  const docker = /Bind for (\S+) failed: port is already allocated/.exec(stderr);
  if (docker) return docker[1] ?? '';
  return /address already in use/.test(stderr) ? '' : null;
}
