/**
 * `ready.tcp`: a TCP connection to host:port succeeds. An empty host means "the host
 * port that Podman published for this container port", looked up on the container.
 */
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import type { ContainerEngine } from '../engine/engine.js';
import { describeFailure, pollUntil, type Probe, type ProbeContext } from './probe.js';

export function tcpProbe(target: { host: string; port: number }): Probe {
  let last = '';
  return {
    kind: 'tcp',
    label: target.host ? `tcp ${target.host}:${target.port}` : `tcp port ${target.port}`,
    state: () => last,
    // A connect is cheap; finding a published port first is an engine call, which is not.
    run: (ctx: ProbeContext) =>
      pollUntil(ctx, async (signal) => {
        let socket: Socket | undefined;
        try {
          const address = target.host ? target : await publishedAddress(ctx.engine, ctx.container, target.port);
          if (!address) {
            last = `port ${target.port} is not published`;
            return false;
          }
          socket = connect({ host: address.host, port: address.port });
          await once(socket, 'connect', { signal });
          if (ctx.engine.portProxy && (await closedAtOnce(socket, signal))) {
            last = 'connection refused';
            return false;
          }
          // Passed: an earlier failure is no longer its state.
          last = '';
          return true;
        } catch (error) {
          last = describeFailure(error);
          return false;
        } finally {
          socket?.destroy();
        }
      }, { cheap: Boolean(target.host) }),
  };
}

async function publishedAddress(
  engine: ContainerEngine,
  container: string,
  port: number,
): Promise<{ host: string; port: number } | null> {
  const info = await engine.inspectContainer(container);
  const published = info?.ports.find((p) => p.container === port && p.protocol === 'tcp');
  if (!published) return null;
  // A remote engine publishes on its own host: that is where the port is reached from here.
  const remote = (await engine.publishedHost?.()) ?? null;
  return { host: remote ?? loopbackFor(published.host_ip), port: published.host };
}

/** A wildcard bind is reached through loopback from the host. */
function loopbackFor(hostIp: string): string {
  if (hostIp === '' || hostIp === '0.0.0.0') return '127.0.0.1';
  if (hostIp === '::') return '::1';
  return hostIp;
}

/** How long a proxied connection must stay open to count: the proxy closes within milliseconds. */
const PROXY_SETTLE_MS = 250;

/** True when the peer ends the connection before sending anything or before PROXY_SETTLE_MS. */
async function closedAtOnce(socket: Socket, signal: AbortSignal): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const done = (closed: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      resolve(closed);
    };
    const abort = () => done(false);
    const timer = setTimeout(() => done(false), PROXY_SETTLE_MS);
    socket.once('data', () => done(false));
    socket.once('end', () => done(true));
    socket.once('close', () => done(true));
    socket.once('error', () => done(true));
    signal.addEventListener('abort', abort, { once: true });
  });
}
