/**
 * Signals for what runs in a terminal. The foreground process group (a command, a REPL)
 * is the PTY's `tpgid`, read from /proc/<shell>/stat; the whole terminal is every
 * process of the shell's session (the shell leads it), plus on the host any
 * descendant that left it. In a container the same is done by a short script through
 * `podman exec`, as pids there are in the container's namespace.
 */
import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import treeKill from 'tree-kill';
import { signalAll } from './job-marker.js';

/** Fields after the `(comm)` of /proc/PID/stat: state ppid pgrp session tty_nr tpgid ... */
async function statFields(pid: number | string): Promise<string[] | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return text?.slice(text.lastIndexOf(')') + 2).split(' ');
}

export async function hostSignalForeground(shellPid: number, signal: NodeJS.Signals): Promise<boolean> {
  const tpgid = Number((await statFields(shellPid))?.[5]);
  if (!(tpgid > 0) || tpgid === shellPid) return false;
  try {
    process.kill(-tpgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** The pids of the shell's session, and on the host of its descendants that left it. */
async function sessionMembers(shellPid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = await statFields(entry);
    if (fields && fields[0] !== 'Z' && Number(fields[3]) === shellPid) found.push(Number(entry));
  }
  return found;
}

/** SIGHUP to the session (and the tree, for what left it), SIGKILL to what is left after `graceMs`. */
export async function hostEndSession(shellPid: number, graceMs: number): Promise<void> {
  await new Promise<void>((resolve) => treeKill(shellPid, 'SIGHUP', () => resolve()));
  signalAll(await sessionMembers(shellPid), 'SIGHUP');
  for (let waited = 0; waited < graceMs && (await sessionMembers(shellPid)).length > 0; waited += 100) await sleep(100);
  signalAll(await sessionMembers(shellPid), 'SIGKILL');
}

/** $1 = the shell's pid, $2 = the signal name. Prints "sent" when a foreground group other than the shell got it. */
export const SIGNAL_FOREGROUND =
  'p=$1; s=${2#SIG}; set -- $(sed "s/.*) //" /proc/$p/stat 2>/dev/null); tp=$6; ' +
  'if [ -n "$tp" ] && [ "$tp" -gt 0 ] && [ "$tp" != "$p" ] && kill -$s -$tp 2>/dev/null; then echo sent; fi';

/**
 * $1 = the shell's pid, $2 = tenths of a second of grace: SIGHUP to every process of the
 * shell's session (as a closing terminal does), then SIGKILL to what is left after the grace.
 */
export const END_SESSION =
  'p=$1; n=$2; members() { for d in /proc/[0-9]*; do set -- $(sed "s/.*) //" $d/stat 2>/dev/null); ' +
  '[ "$4" = "$p" ] && [ "$1" != Z ] && echo ${d#/proc/}; done; }; ' +
  'm=$(members); [ -n "$m" ] && kill -HUP $m 2>/dev/null; ' +
  'while [ "$n" -gt 0 ] && [ -n "$(members)" ]; do sleep 0.1; n=$((n - 1)); done; ' +
  'm=$(members); [ -n "$m" ] && kill -KILL $m 2>/dev/null; true';

/** Runs `script` with `args` in the container; resolves with its stdout (never rejects). */
export function remoteScript(podmanPath: string, container: string, script: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(podmanPath, ['exec', container, 'sh', '-c', script, 'tempfs', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', () => resolve(''));
    child.once('close', () => resolve(out));
  });
}
