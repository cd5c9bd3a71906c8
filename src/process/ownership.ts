/**
 * Who holds what on the terminal host: each terminal and each background process belongs
 * to the client connection that made it, and goes with it, unless the terminal was
 * detached. A detached terminal belongs to nobody until a client takes it back, and ends
 * when its TTL runs out. Pure bookkeeping over an injected clock: the host does the ending.
 */
import { TempfsError } from '../errors.js';

export type HeldKind = 'terminal' | 'process';

export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Detach TTL bounds and default, in milliseconds. */
export const DETACH_TTL = { defaultMs: 1_800_000, minMs: 100, maxMs: 86_400_000 } as const;

export interface Detached {
  detachedAt: number;
  expiresAt: number;
  /** The terminal's screen cursor at the detach: what came after it was missed. */
  cursor: number;
}

interface Entry {
  kind: HeldKind;
  owner: string | null;
  detached?: Detached & { timer: unknown };
}

export class Ownership {
  private readonly held = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    /** A detached terminal's TTL ran out: end it. */
    private readonly onExpire: (id: string) => void,
  ) {}

  get size(): number {
    return this.held.size;
  }

  own(kind: HeldKind, id: string, client: string): void {
    this.held.set(id, { kind, owner: client });
  }

  /** It ended (destroyed, stopped): forget it. */
  drop(id: string): void {
    const entry = this.held.get(id);
    if (entry?.detached) this.clock.clearTimer(entry.detached.timer);
    this.held.delete(id);
  }

  /** Refuses a client's use of something another client holds or nobody holds (detached). */
  check(id: string, client: string): void {
    const entry = this.held.get(id);
    if (!entry || entry.owner === client) return;
    if (entry.detached) {
      const left = Math.max(0, entry.detached.expiresAt - this.clock.now());
      throw new TempfsError('BUSY', `${entry.kind} ${id} is detached: nobody holds it (it ends in ${Math.ceil(left / 1000)} s unless taken back)`, {
        hint: `take it back with terminal_attach {"terminalId": "${id}"}, then use it`,
      });
    }
    throw new TempfsError('BUSY', `${entry.kind} ${id} belongs to another client of this project's terminal host`, {
      hint: 'that client must terminal_detach it before another can terminal_attach it; or use another name',
    });
  }

  /** Visible to `client` in its lists: its own and the detached ones. */
  visible(id: string, client: string): boolean {
    const entry = this.held.get(id);
    return !entry || entry.owner === client || entry.owner === null;
  }

  detached(id: string): (Detached & { remainingMs: number }) | undefined {
    const d = this.held.get(id)?.detached;
    return d ? { detachedAt: d.detachedAt, expiresAt: d.expiresAt, cursor: d.cursor, remainingMs: Math.max(0, d.expiresAt - this.clock.now()) } : undefined;
  }

  detach(id: string, client: string, ttlMs: number, cursor: number): Detached {
    if (!Number.isInteger(ttlMs) || ttlMs < DETACH_TTL.minMs || ttlMs > DETACH_TTL.maxMs) {
      throw new TempfsError('USAGE', `ttl is in milliseconds: a whole number from ${DETACH_TTL.minMs} to ${DETACH_TTL.maxMs} (24 h), not ${ttlMs}`);
    }
    const entry = this.held.get(id);
    if (!entry || entry.kind !== 'terminal') throw new TempfsError('NOT_FOUND', `no terminal ${id}`, { hint: 'List terminals with terminal_list.' });
    if (entry.owner === null) {
      // Already detached (by this client or another): a new TTL from now.
      this.clock.clearTimer(entry.detached!.timer);
    } else {
      this.check(id, client);
    }
    const now = this.clock.now();
    const detachedAt = entry.detached?.detachedAt ?? now;
    const kept = entry.detached?.cursor ?? cursor;
    const timer = this.clock.setTimer(() => {
      if (this.held.get(id) !== entry || entry.owner !== null) return;
      this.held.delete(id);
      this.onExpire(id);
    }, ttlMs);
    entry.owner = null;
    entry.detached = { detachedAt, expiresAt: now + ttlMs, cursor: kept, timer };
    return { detachedAt, expiresAt: now + ttlMs, cursor: kept };
  }

  /** `client` takes a terminal back; returns what the detach recorded (undefined: it held it already). */
  reattach(id: string, client: string): Detached | undefined {
    const entry = this.held.get(id);
    if (!entry || entry.kind !== 'terminal') throw new TempfsError('NOT_FOUND', `no terminal ${id}`, { hint: 'List terminals with terminal_list.' });
    if (entry.owner === client) return undefined;
    if (entry.owner !== null) this.check(id, client);
    const d = entry.detached!;
    this.clock.clearTimer(d.timer);
    entry.owner = client;
    entry.detached = undefined;
    return { detachedAt: d.detachedAt, expiresAt: d.expiresAt, cursor: d.cursor };
  }

  /** The client went: what it held and did not detach, to end now (forgotten here). */
  release(client: string): { terminals: string[]; processes: string[] } {
    const out = { terminals: [] as string[], processes: [] as string[] };
    for (const [id, entry] of this.held) {
      if (entry.owner !== client) continue;
      this.held.delete(id);
      (entry.kind === 'terminal' ? out.terminals : out.processes).push(id);
    }
    return out;
  }

  /** Ends every TTL timer (the host is ending everything itself). */
  clear(): void {
    for (const entry of this.held.values()) if (entry.detached) this.clock.clearTimer(entry.detached.timer);
    this.held.clear();
  }
}
