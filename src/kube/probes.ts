/**
 * `ready` as a startupProbe (the recipe's timeout: failureThreshold x periodSeconds) and a
 * readinessProbe with the same check. Kubernetes takes one check per probe: http, else tcp,
 * else exec; every other one, and `log` always, becomes a warning and a comment.
 */
import type { ContainerSpec, ReadySpec } from '../recipe/model.js';
import { fieldName, type Notes } from './notes.js';
import { containerPortFor } from './ports.js';
import { seconds } from './quantity.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']);

export interface Probes {
  startupProbe?: Record<string, unknown>;
  readinessProbe?: Record<string, unknown>;
}

export function probesFor(spec: ContainerSpec, notes: Notes, comments: string[]): Probes {
  const ready = spec.ready;
  if (!ready) return {};
  const base = ['containers', spec.name, 'ready'];
  if (ready.log !== null) {
    notes.warn([...base, 'log'], `a log pattern (/${ready.log}/) cannot be a Kubernetes probe; readiness rests on ${others(ready) || 'the container having started'}`, comments);
  }
  const handlers = [
    ready.http && { field: 'http', handler: httpHandler(spec, ready, notes, comments) },
    ready.tcp && { field: 'tcp', handler: { tcpSocket: { port: containerPortFor(spec, ready.tcp.port) } } },
    ready.exec && { field: 'exec', handler: { exec: { command: ready.exec } } },
  ].filter((h): h is { field: string; handler: Record<string, unknown> | null } => Boolean(h));
  const [first, ...rest] = handlers;
  for (const h of rest) {
    notes.warn([...base, h.field], `a Kubernetes probe takes one check; the ${first!.field} check is used, this one is not`, comments);
  }
  if (!first?.handler) return {};
  const period = seconds(ready.interval);
  return {
    startupProbe: { ...first.handler, periodSeconds: period, failureThreshold: Math.max(1, Math.ceil(ready.timeout / (period * 1000))) },
    readinessProbe: { ...first.handler, periodSeconds: period },
  };
}

function others(ready: ReadySpec): string {
  return [ready.http && 'http', ready.tcp && 'tcp', ready.exec && 'exec'].filter(Boolean).join(', ');
}

function httpHandler(spec: ContainerSpec, ready: ReadySpec, notes: Notes, comments: string[]): Record<string, unknown> | null {
  const field = ['containers', spec.name, 'ready', 'http'];
  const url = new URL(ready.http!.url);
  const status = ready.http!.status;
  if (status < 200 || status >= 400) {
    notes.warn(field, `Kubernetes counts only 200-399 as success, so status ${status} cannot be expected; no http probe`, comments);
    return null;
  }
  if (status !== 200) comments.push(`${fieldName(field)}: status ${status} is checked as any of 200-399 (what an httpGet probe accepts)`);
  if (!LOOPBACK.has(url.hostname)) {
    notes.warn(field, `the probe goes to the Pod's own address, not to ${url.hostname}`, comments);
  }
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  return {
    httpGet: {
      path: `${url.pathname}${url.search}`,
      port: containerPortFor(spec, url.port === '' ? defaultPort : Number(url.port)),
      scheme: url.protocol === 'https:' ? 'HTTPS' : 'HTTP',
    },
  };
}
