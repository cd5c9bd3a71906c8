import { describe, expect, it } from 'vitest';
import { DETACH_TTL, Ownership, type Clock } from '../../../src/process/ownership.js';

/** A clock whose time moves only when the test says. */
class FakeClock implements Clock {
  time = 1_000;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  now = () => this.time;
  setTimer = (fn: () => void, ms: number) => {
    const timer = { at: this.time + ms, fn, live: true };
    this.timers.push(timer);
    return timer;
  };
  clearTimer = (handle: unknown) => void ((handle as { live: boolean }).live = false);
  advance(ms: number): void {
    this.time += ms;
    for (const timer of this.timers.filter((t) => t.live && t.at <= this.time)) {
      timer.live = false;
      timer.fn();
    }
  }
}

function setup() {
  const clock = new FakeClock();
  const expired: string[] = [];
  const owners = new Ownership(clock, (id) => expired.push(id));
  return { clock, expired, owners };
}

describe('ownership of terminals and processes on the terminal host', () => {
  it('gives a client back what it holds when it goes, but not what it detached', () => {
    const { owners } = setup();
    owners.own('terminal', 'main', 'c1');
    owners.own('terminal', 'kept', 'c1');
    owners.own('process', 'web', 'c1');
    owners.own('terminal', 'other', 'c2');
    owners.detach('kept', 'c1', 60_000, 7);
    expect(owners.release('c1')).toEqual({ terminals: ['main'], processes: ['web'] });
    // Still held, detached: what is left is the detached one and the other client's.
    expect(owners.detached('kept')).toMatchObject({ cursor: 7 });
    expect(owners.size).toBe(2);
    expect(owners.release('c1')).toEqual({ terminals: [], processes: [] });
  });

  it('refuses another client\'s terminal and a detached one, and hides the other client\'s from lists', () => {
    const { owners } = setup();
    owners.own('terminal', 'main', 'c1');
    expect(() => owners.check('main', 'c2')).toThrow(/belongs to another client/);
    expect(owners.visible('main', 'c2')).toBe(false);
    owners.detach('main', 'c1', 5_000, 0);
    expect(() => owners.check('main', 'c1')).toThrow(/detached: nobody holds it \(it ends in 5 s/);
    expect(owners.visible('main', 'c2')).toBe(true);
    expect(() => owners.detach('main', 'c2', 5_000, 0)).not.toThrow();
  });

  it('ends a detached terminal when its TTL runs out, not before', () => {
    const { clock, expired, owners } = setup();
    owners.own('terminal', 'main', 'c1');
    owners.detach('main', 'c1', 10_000, 3);
    clock.advance(9_999);
    expect(expired).toEqual([]);
    expect(owners.detached('main')?.remainingMs).toBe(1);
    clock.advance(1);
    expect(expired).toEqual(['main']);
    expect(owners.size).toBe(0);
  });

  it('a terminal taken back keeps running past its TTL and reports the detach cursor', () => {
    const { clock, expired, owners } = setup();
    owners.own('terminal', 'main', 'c1');
    owners.detach('main', 'c1', 10_000, 42);
    clock.advance(4_000);
    expect(owners.reattach('main', 'c2')).toEqual({ detachedAt: 1_000, expiresAt: 11_000, cursor: 42 });
    clock.advance(60_000);
    expect(expired).toEqual([]);
    expect(owners.reattach('main', 'c2')).toBeUndefined();
    expect(() => owners.reattach('main', 'c1')).toThrow(/belongs to another client/);
  });

  it('a second detach restarts the TTL from now and keeps the first cursor', () => {
    const { clock, expired, owners } = setup();
    owners.own('terminal', 'main', 'c1');
    owners.detach('main', 'c1', 10_000, 5);
    clock.advance(8_000);
    expect(owners.detach('main', 'c1', 10_000, 9)).toEqual({ detachedAt: 1_000, expiresAt: 19_000, cursor: 5 });
    clock.advance(8_000);
    expect(expired).toEqual([]);
    clock.advance(2_000);
    expect(expired).toEqual(['main']);
  });

  it('takes the TTL in whole milliseconds within bounds, and says the unit', () => {
    const { owners } = setup();
    owners.own('terminal', 'main', 'c1');
    expect(() => owners.detach('main', 'c1', 30, 0)).toThrow(/ttl is in milliseconds: a whole number from 100 to 86400000/);
    expect(() => owners.detach('main', 'c1', DETACH_TTL.maxMs + 1, 0)).toThrow(/milliseconds/);
    expect(() => owners.detach('nope', 'c1', 1_000, 0)).toThrow(/no terminal nope/);
    owners.own('process', 'web', 'c1');
    expect(() => owners.detach('web', 'c1', 1_000, 0)).toThrow(/no terminal web/);
  });

  it('forgets what ended, with its timer', () => {
    const { clock, expired, owners } = setup();
    owners.own('terminal', 'main', 'c1');
    owners.detach('main', 'c1', 1_000, 0);
    owners.drop('main');
    clock.advance(5_000);
    expect(expired).toEqual([]);
    expect(() => owners.check('main', 'c2')).not.toThrow();
  });
});
