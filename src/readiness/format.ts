/** Text shared by the readiness messages. */
import type { Probe } from './probe.js';

/** `log /listening on/ (0 of 1 matches), http http://127.0.0.1:8080/health (last status 503)` */
export function describeProbes(probes: Iterable<Probe>): string {
  return [...probes].map((p) => (p.state() ? `${p.label} (${p.state()})` : p.label)).join(', ');
}
