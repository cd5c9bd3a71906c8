/**
 * Pure parsers of `podman ps -a --format json` and `podman inspect` output into
 * ContainerInfo. Tested on JSON captured from real Podman (test/fixtures/podman/).
 */
import type { ContainerInfo, ContainerState, PublishedPort } from './engine.js';

type Json = Record<string, unknown>;

const STATES: Record<string, ContainerState> = {
  created: 'created',
  configured: 'created',
  initialized: 'created',
  running: 'running',
  restarting: 'running',
  dead: 'exited',
  paused: 'paused',
  exited: 'exited',
  stopped: 'exited',
  stopping: 'stopping',
  removing: 'removing',
};

export function parseState(status: unknown): ContainerState {
  return STATES[String(status).toLowerCase()] ?? 'unknown';
}

/** Parses `podman ps -a --format json` (an array; Podman prints `[]` or nothing for none). */
export function parsePs(text: string): ContainerInfo[] {
  if (text.trim() === '') return [];
  return (JSON.parse(text) as Json[]).map(psEntry);
}

function psEntry(entry: Json): ContainerInfo {
  const state = parseState(entry.State);
  const started = Number(entry.StartedAt);
  return {
    id: String(entry.Id),
    name: (entry.Names as string[] | undefined)?.[0] ?? '',
    image: String(entry.Image ?? ''),
    state,
    exitCode: state === 'exited' ? Number(entry.ExitCode) : null,
    // Podman reports "never" as Go's zero time (a large negative number of seconds).
    startedAt: started > 0 ? new Date(started * 1000).toISOString() : null,
    labels: (entry.Labels as Record<string, string> | null) ?? {},
    ports: ((entry.Ports as Json[] | null) ?? []).flatMap(psPorts),
    // `Pod` is the id (`PodName` is filled only with `ps --pod`); `pod rm` takes either.
    ...(entry.Pod ? { pod: String(entry.Pod) } : {}),
  };
}

function psPorts(port: Json): PublishedPort[] {
  const range = Number(port.range ?? 1) || 1;
  return Array.from({ length: range }, (_, i) => ({
    host_ip: String(port.host_ip ?? ''),
    host: Number(port.host_port) + i,
    container: Number(port.container_port) + i,
    protocol: port.protocol === 'udp' ? 'udp' : 'tcp',
  }));
}

/** Parses one element of `podman inspect` or `docker inspect` (a container). */
export function parseInspect(entry: Json): ContainerInfo {
  const stateObj = (entry.State ?? {}) as Json;
  const state = parseState(stateObj.Status);
  const startedAt = String(stateObj.StartedAt ?? '');
  const config = (entry.Config ?? {}) as Json;
  const network = (entry.NetworkSettings ?? {}) as Json;
  return {
    id: String(entry.Id),
    // Docker spells the name with a leading slash.
    name: String(entry.Name ?? '').replace(/^\//, ''),
    image: String(entry.ImageName ?? config.Image ?? ''),
    state,
    exitCode: state === 'exited' ? Number(stateObj.ExitCode) : null,
    startedAt: startedAt === '' || startedAt.startsWith('0001-') ? null : startedAt,
    labels: (config.Labels as Record<string, string> | null) ?? {},
    ports: inspectPorts((network.Ports ?? {}) as Record<string, Json[] | null>),
  };
}

function inspectPorts(ports: Record<string, Json[] | null>): PublishedPort[] {
  return Object.entries(ports).flatMap(([key, bindings]) => {
    const [container, protocol] = key.split('/');
    return (bindings ?? []).map((b) => ({
      host_ip: String(b.HostIp ?? ''),
      host: Number(b.HostPort),
      container: Number(container),
      protocol: protocol === 'udp' ? ('udp' as const) : ('tcp' as const),
    }));
  });
}
