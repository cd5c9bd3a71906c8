/** Real processes for the record/orphan tests: a fake monitor (by its argv) and a dead pid. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { commandLine } from '../../../src/monitor/proc.js';

/** A sleeping node whose command line looks like the monitor of `session`. */
export async function fakeMonitor(session: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '/x/dist/monitor/main.js', '--session', session], {
    stdio: 'ignore',
  });
  await once(child, 'spawn');
  // Until node has exec'd, /proc/<pid>/cmdline may still show the parent's argv.
  while (!(await commandLine(child.pid!))?.includes('--session')) await new Promise((r) => setTimeout(r, 5));
  return child;
}

/** The pid of a process that has exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}
