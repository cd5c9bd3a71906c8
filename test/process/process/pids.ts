/** Test helpers: is a pid still a live (non-zombie) process; pids printed by a command. */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers kill(0) until its new parent reaps it; it runs nothing.
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * True once every pid is gone. A killed process is reaped by its new parent shortly
 * after the kill, so this allows a few hundred ms before calling it alive.
 */
export async function allGone(pids: number[]): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    if (!pids.some(isAlive)) return true;
    await sleep(50);
  }
  return false;
}

export function pidsIn(text: string, tag: string): number[] {
  return [...text.matchAll(new RegExp(`${tag} (\\d+)`, 'g'))].map((m) => Number(m[1]));
}

export const fixture = (name: string) => new URL(`../../fixtures/process/${name}`, import.meta.url).pathname;
