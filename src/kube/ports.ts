/** Ports: the recipe's published ports as containerPorts, a Service, and host-to-container lookups. */
import type { ContainerSpec } from '../recipe/model.js';

/**
 * A port named in a probe URL or `host:port` is the host side when the recipe publishes it
 * (probes run from the host in tempfs); Kubernetes probes the container's own port.
 */
export function containerPortFor(spec: ContainerSpec, port: number): number {
  return spec.ports.find((p) => p.host === port)?.container ?? port;
}

/** Distinct container ports, in recipe order. */
export function containerPorts(spec: ContainerSpec): ContainerSpec['ports'] {
  const seen = new Set<string>();
  return spec.ports.filter((p) => {
    const key = `${p.container}/${p.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `ports:` of a Kubernetes container; host ports only for the podman target (a cluster schedules freely). */
export function portEntries(spec: ContainerSpec, hostPorts: boolean): Record<string, unknown>[] {
  const list = hostPorts ? spec.ports : containerPorts(spec);
  return list.map((p) => ({
    containerPort: p.container,
    protocol: p.protocol.toUpperCase(),
    ...(hostPorts && p.host !== null ? { hostPort: p.host, ...(p.host_ip ? { hostIP: p.host_ip } : {}) } : {}),
  }));
}

export function servicePorts(spec: ContainerSpec): Record<string, unknown>[] {
  return containerPorts(spec).map((p) => ({
    name: `${p.protocol}-${p.container}`,
    port: p.container,
    protocol: p.protocol.toUpperCase(),
    targetPort: p.container,
  }));
}
