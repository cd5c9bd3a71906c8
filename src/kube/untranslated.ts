/**
 * Compose fields the translation does not carry: each set one is a warning (and a comment),
 * never a silent drop. Those an ephemeral container already has (`read_only`, `cap_drop`
 * under `drop: [ALL]`) say nothing.
 */
import type { ContainerSpec } from '../recipe/model.js';
import type { Notes } from './notes.js';

export function warnUntranslated(spec: ContainerSpec, notes: Notes, comments: string[]): void {
  const set: [field: string, isSet: boolean][] = [
    ['container_name', spec.container_name !== null],
    ['restart', spec.restart !== null],
    ['cap_drop', spec.cap_drop.length > 0 && !spec.ephemeral],
    ['read_only', spec.read_only && !spec.ephemeral],
    ['shm_size', spec.shm_size !== null],
    ['ulimits', Object.keys(spec.ulimits).length > 0],
    ['extra_hosts', spec.extra_hosts.length > 0],
    ['networks', Object.keys(spec.networks).length > 0],
    ['stop_signal', spec.stop_signal !== null],
    ['secrets', spec.secrets.length > 0],
    ['configs', spec.configs.length > 0],
  ];
  for (const [field, isSet] of set) {
    if (isSet) notes.warn(['containers', spec.name, field], 'is not translated to Kubernetes by tempfs kube: add it to the manifest by hand', comments);
  }
  if (spec.network !== 'default') {
    // A NetworkPolicy denying egress would read as a guarantee, but it is enforced only by a
    // CNI that implements policies (kind's and `podman kube play`'s do not): tempfs does not pretend.
    notes.warn(['containers', spec.name, 'network'], `network: ${spec.network} is not translated to Kubernetes: Pods get the cluster network; add a NetworkPolicy denying egress by hand (it needs a CNI that enforces policies)`, comments);
  }
  spec.volumes.forEach((v, i) => {
    if (v.options.length > 0) notes.warn(['containers', spec.name, 'volumes', i], `the mount options ${v.options.join(', ')} are not translated to Kubernetes`, comments);
  });
}
