/** Container `volumes` entries to VolumeMount, and the list form of `tmpfs` entries split. */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { TmpfsMount, VolumeMount } from './model.js';
import type { RawMount } from './raw.js';
import { parseSize } from '../shared/units.js';

/** A short-form source that is a host path (Compose: starts with `.`, `/` or `~`). */
function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('~') || isAbsolute(source);
}

function hostPath(source: string, dir: string): string {
  if (source === '~' || source.startsWith('~/')) return resolve(homedir(), source.slice(2));
  return resolve(dir, source);
}

/** `-v` options Compose's short form admits besides `ro`/`rw`. */
const SHORT_OPTIONS = new Set(['z', 'Z', 'nocopy', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/**
 * One `volumes:` entry. Bind sources resolve against `dir` (the first recipe file's
 * folder). A long-form `type: tmpfs` entry is an in-memory mount (returned as `tmpfs`).
 * `invalid` names a short-form option that is not known.
 */
export function parseMount(value: string | RawMount, dir: string): { mount?: VolumeMount; tmpfs?: TmpfsMount; invalid?: string } {
  if (typeof value === 'object') {
    if (value.type === 'tmpfs') {
      const size = value.tmpfs?.size === undefined ? null : parseSize(value.tmpfs.size);
      return { tmpfs: { target: value.target, size } };
    }
    const source = value.source ?? '';
    const type = value.type ?? (source !== '' && isHostPath(source) ? 'bind' : 'volume');
    const options = [
      ...(value.bind?.selinux ? [value.bind.selinux] : []),
      ...(value.bind?.propagation ? [value.bind.propagation] : []),
      ...(value.volume?.nocopy ? ['nocopy'] : []),
    ];
    return { mount: { type, source: type === 'bind' ? hostPath(source, dir) : source, target: value.target, read_only: value.read_only ?? false, options } };
  }
  // "TARGET" (an anonymous volume), "SOURCE:TARGET" or "SOURCE:TARGET:OPTIONS" (comma-separated).
  const parts = value.split(':');
  if (parts.length === 1) return { mount: { type: 'volume', source: '', target: value, read_only: false, options: [] } };
  const [source, target, mode = ''] = parts as [string, string, string?];
  const flags = mode === '' ? [] : mode.split(',');
  const unknown = flags.find((f) => f !== 'ro' && f !== 'rw' && !SHORT_OPTIONS.has(f));
  if (unknown !== undefined) return { invalid: unknown };
  const read_only = flags.includes('ro');
  const options = flags.filter((f) => SHORT_OPTIONS.has(f));
  return isHostPath(source)
    ? { mount: { type: 'bind', source: hostPath(source, dir), target, read_only, options } }
    : { mount: { type: 'volume', source, target, read_only, options } };
}

/** List form: "/tmp" or "/tmp:512m" (or Podman's "/tmp:size=512m"). */
export function splitTmpfsItem(item: string): [string, string | undefined] {
  const colon = item.indexOf(':');
  return colon < 0 ? [item, undefined] : [item.slice(0, colon), item.slice(colon + 1)];
}
