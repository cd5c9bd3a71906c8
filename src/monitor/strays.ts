/**
 * A CLI killed while a `podman create`/`run`/`network create` of its session is running
 * leaves that podman process behind, and its object appears after the CLI is gone. Every
 * such call carries `--label io.tempfs.session=<id>` on its command line (a listing has
 * `label=io.tempfs.session=<id>` instead, which does not match), so the monitor can wait for
 * exactly those processes before it cleans up, instead of guessing a delay.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Labels } from '../engine/engine.js';
import { commandLine, findProcessesWithArg } from './proc.js';

/** Waits (up to `limitMs`) until no process carries the session label; returns the pids it waited for. */
export async function waitForStrays(
  session: string,
  limitMs: number,
  log: (line: string) => void,
  /** Told when one of them is a `podman kube play` (its Pods may have no container yet). */
  onKubePlay: () => void = () => {},
): Promise<number[]> {
  const labelArg = `${Labels.session}=${session}`;
  let deadline = Date.now() + limitMs;
  const seen = new Set<number>();
  // Each pid is looked at once: a `podman kube play` among them stays one.
  const plays = new Set<number>();
  let killed = false;
  for (;;) {
    const pids = await findProcessesWithArg(labelArg);
    if (pids.length === 0) break;
    // A `podman kube play` (tempfs kube --play) waits for init containers, minutes perhaps,
    // and would create Pods after the cleanup: it is stopped, not waited for.
    for (const pid of pids) {
      if (seen.has(pid)) continue;
      seen.add(pid);
      if (!(await isKubePlay(pid))) continue;
      plays.add(pid);
      onKubePlay();
      stop(pid, 'SIGTERM', log);
    }
    if (Date.now() >= deadline) {
      const left = pids.filter((pid) => plays.has(pid));
      if (left.length > 0 && !killed) {
        left.forEach((pid) => stop(pid, 'SIGKILL', log));
        killed = true;
        deadline = Date.now() + 2000;
        continue;
      }
      log(`still running after ${limitMs} ms: pid ${pids.join(', ')}`);
      break;
    }
    await sleep(20);
  }
  if (seen.size > 0) log(`waited for podman processes the CLI left running: pid ${[...seen].join(', ')}`);
  return [...seen];
}

async function isKubePlay(pid: number): Promise<boolean> {
  const argv = (await commandLine(pid)) ?? [];
  const at = argv.indexOf('kube');
  return at !== -1 && argv[at + 1] === 'play';
}

function stop(pid: number, signal: NodeJS.Signals, log: (line: string) => void): void {
  try {
    process.kill(pid, signal);
    log(`sent ${signal} to podman kube play ${pid}`);
  } catch {
    // already gone
  }
}
