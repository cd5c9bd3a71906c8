/** `ready:` to a ReadySpec with its defaults (times 1, interval 500ms, timeout 60s, status 200). */
import { patternProblem } from '../shared/user-pattern.js';
import { toArgv } from './argv.js';
import type { Fail } from './fail.js';
import type { PortMapping, ReadySpec } from './model.js';
import type { Path } from './positions.js';
import type { RawReady } from './raw.js';
import { duration } from './units.js';

export const READY_DEFAULTS = { times: 1, interval: 500, timeout: 60_000, status: 200 } as const;

export function normaliseReady(raw: RawReady, ports: PortMapping[], path: Path, fail: Fail): ReadySpec {
  if (raw.log === undefined && raw.http === undefined && raw.tcp === undefined && raw.exec === undefined) {
    fail(path, 'needs at least one probe: log, http, tcp or exec', { key: true });
  }
  const problem = raw.log === undefined ? null : patternProblem(raw.log);
  if (problem !== null) fail([...path, 'log'], `${JSON.stringify(raw.log)} is not a valid regular expression: ${problem}`);
  const http = raw.http === undefined ? null : typeof raw.http === 'string' ? { url: raw.http, status: READY_DEFAULTS.status } : { url: raw.http.url, status: raw.http.status ?? READY_DEFAULTS.status };
  const exec = raw.exec === undefined ? null : typeof raw.exec === 'string' ? ['sh', '-c', raw.exec] : toArgv(raw.exec);
  return {
    log: raw.log ?? null,
    times: raw.times ?? READY_DEFAULTS.times,
    http,
    tcp: raw.tcp === undefined ? null : tcpTarget(raw.tcp, ports, [...path, 'tcp'], fail),
    exec,
    interval: raw.interval === undefined ? READY_DEFAULTS.interval : duration(raw.interval, [...path, 'interval'], fail, true),
    timeout: raw.timeout === undefined ? READY_DEFAULTS.timeout : duration(raw.timeout, [...path, 'timeout'], fail, true),
  };
}

/** A bare port is a container port: probe where it is published on the host. */
function tcpTarget(value: number | string, ports: PortMapping[], path: Path, fail: Fail): { host: string; port: number } {
  if (typeof value === 'string') {
    const colon = value.lastIndexOf(':');
    const port = Number(value.slice(colon + 1));
    if (!(port >= 1 && port <= 65535)) fail(path, `${JSON.stringify(value)} has a port outside 1-65535`);
    return { host: value.slice(0, colon).replace(/^\[|\]$/g, ''), port };
  }
  const published = ports.find((p) => p.container === value && p.host !== null);
  if (!published) fail(path, `container port ${value} is not published with a fixed host port: add "${value}:${value}" to ports or write "HOST:PORT"`);
  return { host: published.host_ip && published.host_ip !== '0.0.0.0' ? published.host_ip : '127.0.0.1', port: published.host! };
}
