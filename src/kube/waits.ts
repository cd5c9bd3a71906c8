/**
 * `depends_on` with `condition: ready`: an init container that polls the dependency through
 * its Service (its name is a DNS name in the namespace) until the dependency's own probe
 * answers, with the dependency's timeout as deadline and a message that names both.
 */
import type { ContainerSpec } from '../recipe/model.js';
import { kubeName } from './names.js';
import type { Notes } from './notes.js';
import { containerPortFor, containerPorts } from './ports.js';
import { seconds } from './quantity.js';

const DEFAULT_WAIT_MS = 60_000;

/** What to poll: a shell condition and the words for the message. */
interface Check {
  test: string;
  what: string;
}

export function readyWait(dependent: ContainerSpec, dep: ContainerSpec, image: string, notes: Notes, comments: string[]): Record<string, unknown> | null {
  const check = checkFor(dep);
  const field = ['containers', dependent.name, 'depends_on', dep.name];
  if (!check) {
    notes.warn(field, `${dep.name} has no port, so there is no Service to wait for; ${dependent.name} may start before ${dep.name} is ready`, comments);
    return null;
  }
  if (dep.ready?.exec || dep.ready?.log) {
    comments.push(`${dependent.name} waits for ${check.what}; in a cluster the Service sends traffic only to Pods whose readinessProbe passes`);
  }
  const deadline = seconds(dep.ready?.timeout ?? DEFAULT_WAIT_MS);
  const script = [
    `deadline=$(( $(date +%s) + ${deadline} ))`,
    `until ${check.test}; do`,
    `  if [ "$(date +%s)" -ge "$deadline" ]; then`,
    `    echo "${dependent.name}: ${dep.name} not ready after ${deadline}s (waiting for ${check.what})" >&2`,
    '    exit 1',
    '  fi',
    '  sleep 1',
    'done',
    `echo "${dependent.name}: ${dep.name} is ready"`,
  ].join('\n');
  return { name: kubeName(`wait-${dep.name}`), image, command: ['sh', '-c', script] };
}

function checkFor(dep: ContainerSpec): Check | null {
  const host = kubeName(dep.name);
  const http = dep.ready?.http;
  if (http && http.status >= 200 && http.status < 400) {
    const url = new URL(http.url);
    const port = containerPortFor(dep, url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port));
    const target = `${url.protocol}//${host}:${port}${url.pathname}${url.search}`;
    // `timeout`, not wget's own -T: busybox 1.35's wget crashes with -T on some kernels.
    return { test: `timeout 5 wget -q -O /dev/null '${target}'`, what: `${target} to answer` };
  }
  const tcp = dep.ready?.tcp;
  const port = tcp ? containerPortFor(dep, tcp.port) : containerPorts(dep).find((p) => p.protocol === 'tcp')?.container;
  if (port === undefined) return null;
  // busybox nc has no -z: a refused or unresolved connection exits 1; a server that keeps
  // the connection open is cut by timeout (another code), which still means "it accepted".
  return { test: `{ timeout 5 nc -w 2 ${host} ${port} </dev/null >/dev/null 2>&1; [ $? -ne 1 ]; }`, what: `${host}:${port} to accept a connection` };
}

/**
 * `completed_successfully` in a cluster: the dependency is a Job and this init container
 * waits for it to complete (`kubectl wait`, with the ServiceAccount that may read Jobs).
 */
export function jobWait(dep: ContainerSpec, image: string): Record<string, unknown> {
  const deadline = seconds(dep.ready?.timeout ?? 600_000);
  return {
    name: kubeName(`wait-${dep.name}`),
    image,
    command: ['kubectl', 'wait', '--for=condition=complete', `--timeout=${deadline}s`, `job/${kubeName(dep.name)}`],
  };
}
