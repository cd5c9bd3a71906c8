/** Container `volumes` entries to VolumeMount, and the list form of `tmpfs` entries split. */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { VolumeMount } from './model.js';
import type { RawMount } from './raw.js';

/** A short-form source that is a host path (Compose: starts with `.`, `/` or `~`). */
function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('~') || isAbsolute(source);
}

function hostPath(source: string, dir: string): string {
  if (source === '~' || source.startsWith('~/')) return resolve(homedir(), source.slice(2));
  return resolve(dir, source);
}

/** Bind sources resolve against `dir` (the first recipe file's folder). */
export function parseMount(value: string | RawMount, dir: string): VolumeMount {
  if (typeof value === 'object') {
    const type = value.type ?? (isHostPath(value.source) ? 'bind' : 'volume');
    const source = type === 'bind' ? hostPath(value.source, dir) : value.source;
    return { type, source, target: value.target, read_only: value.read_only ?? false };
  }
  // The schema admits only "SOURCE:TARGET" or "SOURCE:TARGET:ro|rw".
  const [source, target, mode] = value.split(':') as [string, string, string?];
  const read_only = mode === 'ro';
  return isHostPath(source)
    ? { type: 'bind', source: hostPath(source, dir), target, read_only }
    : { type: 'volume', source, target, read_only };
}

/** List form: "/tmp" or "/tmp:512m" (or Podman's "/tmp:size=512m"). */
export function splitTmpfsItem(item: string): [string, string | undefined] {
  const colon = item.indexOf(':');
  return colon < 0 ? [item, undefined] : [item.slice(0, colon), item.slice(colon + 1)];
}
