/**
 * The owner's side of the terminal guard (see terminal-guard-main.ts): started on the
 * first container terminal (or guarded process), told of each shell's pid and process group, and closed once the owner has ended
 * its terminals itself. The pipe to it is the signal: the kernel closes it when the owner
 * dies, whatever kills it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** `dist/process/<name>.js`, from the tsc output, a bundle chunk in dist/bundle/, or src/ (tests). */
export function processEntry(name: string, moduleUrl: string = import.meta.url): string {
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith('.ts')) return fileURLToPath(new URL(`../../dist/process/${name}.js`, moduleUrl));
  return fileURLToPath(new URL(`../process/${name}.js`, moduleUrl));
}

export function guardEntry(moduleUrl: string = import.meta.url): string {
  return processEntry('terminal-guard-main', moduleUrl);
}

export class TerminalGuard {
  private child: ChildProcess | undefined;

  constructor(private readonly podmanPath: string) {}

  add(container: string, pid: number): void {
    this.send({ op: 'add', podman: this.podmanPath, container, pid });
  }

  remove(container: string, pid: number): void {
    if (this.child) this.send({ op: 'del', podman: this.podmanPath, container, pid });
  }

  /** A process group on this machine (a background process): killed should the owner die. */
  addGroup(pgid: number): void {
    this.send({ op: 'add-group', pgid });
  }

  removeGroup(pgid: number): void {
    if (this.child) this.send({ op: 'del-group', pgid });
  }

  /** Everything was ended by its owner: the guard exits with nothing to do. */
  close(): void {
    this.child?.stdin?.end();
    this.child = undefined;
  }

  private send(message: Record<string, unknown>): void {
    if (!this.child) {
      this.child = spawn(process.execPath, [guardEntry()], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
      this.child.on('error', () => {});
      this.child.stdin!.on('error', () => {});
      this.child.unref();
      (this.child.stdin as unknown as { unref?: () => void }).unref?.();
    }
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
  }
}
