/**
 * A CLI killed while a `podman create`/`run`/`network create` of its session is running
 * leaves that podman process behind, and its object appears after the CLI is gone. Every
 * such call carries `--label io.tempfs.session=<id>` on its command line (a listing has
 * `label=io.tempfs.session=<id>` instead, which does not match), so the monitor can wait for
 * exactly those processes before it cleans up, instead of guessing a delay.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Labels } from '../engine/engine.js';
import { findProcessesWithArg } from './proc.js';

/** Waits (up to `limitMs`) until no process carries the session label; returns the pids it waited for. */
export async function waitForStrays(session: string, limitMs: number, log: (line: string) => void): Promise<number[]> {
  const labelArg = `${Labels.session}=${session}`;
  const deadline = Date.now() + limitMs;
  const seen = new Set<number>();
  for (;;) {
    const pids = await findProcessesWithArg(labelArg);
    if (pids.length === 0) break;
    pids.forEach((pid) => seen.add(pid));
    if (Date.now() >= deadline) {
      log(`still running after ${limitMs} ms: pid ${pids.join(', ')}`);
      break;
    }
    await sleep(20);
  }
  if (seen.size > 0) log(`waited for podman processes the CLI left running: pid ${[...seen].join(', ')}`);
  return [...seen];
}
