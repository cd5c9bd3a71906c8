/**
 * Names of the Podman objects of a project, Compose-style, so `podman ps` reads well and
 * two projects never collide: `<project>-<service>-1`, `<project>_default`, `<project>_<volume>`.
 */

export function containerName(project: string, service: string, index = 1): string {
  return `${project}-${service}-${index}`;
}

export function networkName(project: string): string {
  return `${project}_default`;
}

/** The Podman volume behind the recipe's named volume `key`. */
export function volumeName(project: string, key: string): string {
  return `${project}_${key}`;
}

/** A project network's Podman name: its own `name:`, else `<project>_<key>` (`default` is the project network). */
export function projectNetworkName(project: string, key: string, declared?: { name: string | null }): string {
  return declared?.name ?? `${project}_${key}`;
}
