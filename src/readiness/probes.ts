/** The probes a ReadySpec lists, in a fixed order (log, http, tcp, exec). */
import type { ReadySpec } from '../recipe/model.js';
import { execProbe } from './exec-probe.js';
import { httpProbe } from './http-probe.js';
import { logProbe } from './log-probe.js';
import type { Probe } from './probe.js';
import { tcpProbe } from './tcp-probe.js';

export function probesOf(spec: ReadySpec): Probe[] {
  const probes: Probe[] = [];
  if (spec.log !== null) probes.push(logProbe(spec.log, spec.times));
  if (spec.http) probes.push(httpProbe(spec.http));
  if (spec.tcp) probes.push(tcpProbe(spec.tcp));
  if (spec.exec) probes.push(execProbe(spec.exec));
  return probes;
}
