/**
 * Who an agent's sandbox runs as: the user asked for; else the image's own when it names
 * one; else the first account with uid 1000 in the image's /etc/passwd (Debian's and
 * Ubuntu's first user, `ubuntu` in ubuntu:24.04); else root (nothing better is known, and
 * without capabilities and with no-new-privileges root in the sandbox is not root on the host).
 * Pure.
 */
import type { ImageUsers } from '../engine/engine.js';

export interface SandboxUser {
  /** `--user`, or null: the image's own. */
  user: string | null;
  /** Its HOME, when known (it becomes a tmpfs like /root). */
  home: string | null;
  /** What the agent is told. */
  shown: string;
}

/** The uid tried when the image names no user. */
const DEFAULT_SANDBOX_UID = 1000;

export function pickUser(requested: string | undefined, users: ImageUsers | null): SandboxUser {
  if (requested !== undefined) {
    const account = findAccount(users?.passwd ?? null, requested);
    return { user: requested, home: account?.home ?? (requested === 'root' || requested === '0' ? '/root' : null), shown: requested };
  }
  if (users?.configured) return { user: null, home: null, shown: users.configured };
  const account = findAccount(users?.passwd ?? null, String(DEFAULT_SANDBOX_UID));
  if (account) return { user: `${account.uid}:${account.gid}`, home: account.home, shown: `${account.name} (${account.uid})` };
  return { user: null, home: '/root', shown: 'root' };
}

interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** The account named `who` (a name or a uid, before any `:group`) in a passwd text. */
export function findAccount(passwd: string | null, who: string): Account | undefined {
  if (passwd === null) return undefined;
  const wanted = who.split(':')[0]!;
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid, , home] = line.split(':');
    if (name === undefined || uid === undefined || gid === undefined || home === undefined) continue;
    if (name === wanted || uid === wanted) return { name, uid: Number(uid), gid: Number(gid), home };
  }
  return undefined;
}
