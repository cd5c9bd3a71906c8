/**
 * Compose keys tempfs does not run. Each is one located error saying what to do instead,
 * never a silent skip; keys nobody knows are left to the schema ("unknown key").
 */
import type { RootKey } from './compose-root.js';
import type { Fail } from './fail.js';
import { isPlainMap, type PathSegment } from './positions.js';

/** Service keys, with what to do. */
const SERVICE: Record<string, string> = {
  build: 'tempfs runs images, it does not build them: build the image first (podman build -t NAME .) and name it with image:',
  extends: 'tempfs does not follow extends: copy the shared keys into this service, or share them with a YAML anchor (x-base: &base, then <<: *base)',
  develop: 'develop (compose watch) is not supported: remove it, or keep it in a separate compose file for docker compose',
  links: 'containers reach each other by service name on the project network: remove links',
  external_links: 'tempfs cannot link to containers outside the project: remove external_links',
  volumes_from: 'mount the same named volume in both services instead of volumes_from',
  scale: 'tempfs runs one container per service: remove scale (copy the service under another name for a second one)',
};

/** `deploy` keys: only `resources.limits` has a meaning outside a swarm. */
const DEPLOY_HINT = 'tempfs is not a swarm: of deploy it reads only resources.limits (cpus, memory, pids); remove the rest';

/** `network_mode: none` is read as `network: none`; the other modes have no tempfs meaning. */
const NETWORK_MODE_HINT =
  'of network_mode tempfs reads only "none" (as network: none); the project\'s containers share its networks: remove network_mode (use networks: to choose them, or network: internal to cut the way out)';

const TOP: Record<string, string> = {
  include: 'tempfs does not follow include: pass the files with -f, one after the other (later files override earlier ones)',
};

const FILE_SOURCE_HINT = 'tempfs mounts secrets and configs from files: give file: ./path (write the value into a file first)';

export function checkUnsupported(data: unknown, root: RootKey, fail: Fail): void {
  if (!isPlainMap(data)) return;
  for (const key of Object.keys(data)) if (TOP[key]) unsupported(fail, [key], TOP[key]);
  for (const kind of ['secrets', 'configs'] as const) {
    const declared = data[kind];
    if (!isPlainMap(declared)) continue;
    for (const [name, spec] of Object.entries(declared)) {
      if (!isPlainMap(spec)) continue;
      for (const key of Object.keys(spec)) if (key !== 'file' && !key.startsWith('x-')) unsupported(fail, [kind, name, key], FILE_SOURCE_HINT);
    }
  }
  const services = data[root];
  if (!isPlainMap(services)) return;
  for (const [name, service] of Object.entries(services)) {
    if (!isPlainMap(service)) continue;
    const base = [root, name];
    for (const key of Object.keys(service)) if (SERVICE[key]) unsupported(fail, [...base, key], SERVICE[key]);
    if ('network_mode' in service && service.network_mode !== 'none') unsupported(fail, [...base, 'network_mode'], NETWORK_MODE_HINT);
    const deploy = service.deploy;
    if (!isPlainMap(deploy)) continue;
    for (const key of Object.keys(deploy)) if (key !== 'resources') unsupported(fail, [...base, 'deploy', key], DEPLOY_HINT);
    const resources = deploy.resources;
    if (!isPlainMap(resources)) continue;
    for (const key of Object.keys(resources)) if (key !== 'limits') unsupported(fail, [...base, 'deploy', 'resources', key], DEPLOY_HINT);
  }
}

function unsupported(fail: Fail, path: PathSegment[], hint: string): never {
  // One line: where, what, and what to do instead.
  return fail(path, `not supported by tempfs: ${hint}`, { key: true });
}
