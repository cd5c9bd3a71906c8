/** Port mappings, short (`"127.0.0.1:8080:80/udp"`) and long, to PortMapping. */
import { isIP } from 'node:net';
import type { PortMapping } from './model.js';

const SHORT = /^(?:(\[[0-9a-fA-F:.]+\]|\d+\.\d+\.\d+\.\d+):)?(?:(\d*):)?(\d+)(?:\/(tcp|udp))?$/;
/** With ranges: `[IP:][HOST[-HOST]:]CONTAINER[-CONTAINER][/PROTO]`. */
const RANGED = /^(?:(\[[0-9a-fA-F:.]+\]|\d+\.\d+\.\d+\.\d+):)?(?:(\d*)(?:-(\d+))?:)?(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/;

export interface LongPort {
  target: number;
  published?: number | string;
  host_ip?: string;
  protocol?: 'tcp' | 'udp';
}

/**
 * Every mapping a value stands for: a range (`"8000-8002:9000-9002"`, `"9000-9002"`) is one
 * per port, as Compose expands it. null when not a mapping, a port is outside 1-65535, or
 * the two ranges differ in length (a host range for one container port lets Podman pick
 * one of them: not supported).
 */
export function parsePorts(value: number | string | LongPort): PortMapping[] | null {
  if (typeof value !== 'string' || !value.includes('-')) {
    const one = parsePort(value);
    return one ? [one] : null;
  }
  const match = RANGED.exec(value);
  if (!match) return null;
  const [, ip = '', hostFrom = '', hostTo, from, to, protocol = 'tcp'] = match;
  const count = Number(to ?? from) - Number(from) + 1;
  const hostCount = hostFrom === '' ? count : Number(hostTo ?? hostFrom) - Number(hostFrom) + 1;
  if (count < 1 || hostCount !== count) return null;
  const out: PortMapping[] = [];
  for (let i = 0; i < count; i++) {
    const port = checked({
      host_ip: ip.replace(/^\[|\]$/g, ''),
      host: hostFrom === '' ? null : Number(hostFrom) + i,
      container: Number(from) + i,
      protocol: protocol as 'tcp' | 'udp',
    });
    if (!port) return null;
    out.push(port);
  }
  return out;
}

/** null when the value is not a mapping, a port is outside 1-65535 or host_ip is not an address. */
export function parsePort(value: number | string | LongPort): PortMapping | null {
  if (typeof value === 'number') return value >= 1 && value <= 65535 ? { host_ip: '', host: null, container: value, protocol: 'tcp' } : null;
  if (typeof value === 'object') {
    const host = value.published === undefined || value.published === '' ? null : Number(value.published);
    return checked({ host_ip: value.host_ip ?? '', host, container: value.target, protocol: value.protocol ?? 'tcp' });
  }
  const match = SHORT.exec(value);
  if (!match) return null;
  const [, ip = '', host = '', container, protocol = 'tcp'] = match;
  return checked({
    host_ip: ip.replace(/^\[|\]$/g, ''),
    host: host === '' ? null : Number(host),
    container: Number(container),
    protocol: protocol as 'tcp' | 'udp',
  });
}

function checked(port: PortMapping): PortMapping | null {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
  const ip = port.host_ip === '' || isIP(port.host_ip) !== 0;
  return ip && ok(port.container) && (port.host === null || ok(port.host)) ? port : null;
}
