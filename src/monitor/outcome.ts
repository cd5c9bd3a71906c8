/**
 * What ends a monitor's watch: the first of the CLI's end of the pipe closing (foreground),
 * "done" from the CLI, the TTL, the session's last container going away (detached), Podman
 * not answering the polls, or SIGTERM from `down`. "detach" on the pipe switches a
 * foreground monitor to detached.
 */
import { createInterface } from 'node:readline';
import type { ContainerEngine } from '../engine/engine.js';
import type { MonitorConfig } from './monitor-args.js';
import { isProcessAlive } from './proc.js';
import type { MonitorIo } from './run-monitor.js';
import { writeSessionRecord, type SessionRecord } from './session-record.js';
import { expiresFromLabels } from './ttl.js';

export type Outcome = 'owner-gone' | 'released' | 'expired' | 'session-gone' | 'stopped' | 'podman-unreachable';

const MAX_POLL_FAILURES = 5;

export function waitForOutcome(
  engine: ContainerEngine,
  config: MonitorConfig,
  io: MonitorIo,
  record: SessionRecord,
  now: () => number,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let mode = config.mode;
    let expiresAt = config.expiresAt;
    let ttlTimer: NodeJS.Timeout | undefined;
    let pollTimer: NodeJS.Timeout | undefined;
    let seen = false;
    let failures = 0;
    let finished = false;
    const lines = io.control ? createInterface({ input: io.control }) : null;

    const finish = (outcome: Outcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(ttlTimer);
      clearTimeout(pollTimer);
      io.stop.removeEventListener('abort', onStop);
      lines?.removeAllListeners();
      lines?.close();
      io.control?.destroy();
      resolve(outcome);
    };
    const onStop = () => finish('stopped');

    // The TTL applies in both modes: a stack lives at most that long.
    const armTtl = () => {
      clearTimeout(ttlTimer);
      if (expiresAt !== null) ttlTimer = setTimeout(() => finish('expired'), Math.max(0, expiresAt - now()));
    };

    const poll = async () => {
      let nextPollMs = config.pollMs;
      try {
        const containers = await engine.listContainers({ session: config.session });
        failures = 0;
        if (containers.length > 0) {
          seen = true;
          // Every container carries its own expiry (a container's `ttl`, or the stack's): the
          // stack ends with the last one; one that expires earlier goes alone.
          const expiries = containers.map((c) => ({ name: c.name, at: expiresFromLabels([c.labels]) }));
          if (expiries.every((e) => e.at !== null)) {
            const last = Math.max(...expiries.map((e) => e.at!));
            if (expiresAt === null || last < expiresAt) {
              expiresAt = last;
              armTtl();
            }
          }
          const due = expiries.filter((e) => e.at !== null && e.at <= now()).map((e) => e.name);
          if (due.length > 0 && due.length < containers.length) {
            io.log(`ttl: removing ${due.join(', ')}`);
            await engine.removeContainers(due, config.graceMs);
          }
          const next = Math.min(...expiries.map((e) => (e.at !== null && e.at > now() ? e.at : Infinity)));
          nextPollMs = Math.min(config.pollMs, Math.max(0, next - now()));
        } else if (seen || !(await isProcessAlive(config.ownerPid, record.ownerStart))) {
          return finish('session-gone');
        }
      } catch (error) {
        io.log(`cannot list containers: ${(error as Error).message}`);
        if (++failures >= MAX_POLL_FAILURES) return finish('podman-unreachable');
      }
      if (!finished) pollTimer = setTimeout(poll, nextPollMs);
    };
    const detach = () => {
      mode = 'detached';
      void writeSessionRecord(config.stateDir, { ...record, mode }).catch(() => {});
      if (pollTimer === undefined) pollTimer = setTimeout(poll, config.pollMs);
    };

    io.stop.addEventListener('abort', onStop, { once: true });
    if (io.stop.aborted) return finish('stopped');
    lines?.on('line', (line) => {
      if (line.trim() === 'done') finish('released');
      else if (line.trim() === 'detach') {
        io.log('detached: the stack outlives the CLI');
        detach();
      }
    });
    // EOF: the kernel closed the CLI's end, whatever ended the CLI.
    lines?.on('close', () => {
      if (mode !== 'foreground') return;
      if (!config.keepOnOwnerDeath) return finish('owner-gone');
      // A second `up -d` died: the stack it joined was running before it and stays.
      io.log('owner gone: the stack it joined stays, detached');
      detach();
    });
    io.control?.on('error', () => lines?.close());
    armTtl();
    if (mode === 'detached') pollTimer = setTimeout(poll, 0);
  });
}
