/** Podman version parsing and the minimum tempfs supports. */

export const MIN_PODMAN_VERSION = '4.3.0';

export type Version = [major: number, minor: number, patch: number];

/** `4.3.1`, `podman version 4.3.1`, `5.0.0-dev` -> [4, 3, 1]; null when there is no version. */
export function parseVersion(text: string): Version | null {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

export function isAtLeast(version: Version, minimum: Version): boolean {
  for (let i = 0; i < 3; i++) {
    if (version[i] !== minimum[i]) return version[i]! > minimum[i]!;
  }
  return true;
}
