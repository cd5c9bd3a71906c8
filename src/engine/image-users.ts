/**
 * Who an image runs as, and which accounts it has: what a sandbox started for an agent needs
 * to pick a user other than root (see mcp/sandbox-user.ts). The image's `Config.User` comes
 * from `image inspect`; its /etc/passwd is read through `podman image mount`, which only a
 * local rootful Podman allows (rootless needs `podman unshare`, Docker has no such verb):
 * elsewhere `passwd` is null and the caller falls back to the image's own user.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunOptions, RunResult } from './exec.js';

export interface ImageUsers {
  /** The image's configured user (`USER` in its Containerfile), or null: root. */
  configured: string | null;
  /** The image's /etc/passwd, or null when it could not be read cheaply. */
  passwd: string | null;
}

type Cli = (args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** null when the image is not present. */
export async function imageUsers(cli: Cli, image: string, canMount: boolean): Promise<ImageUsers | null> {
  const inspected = await cli(['image', 'inspect', '--format', '{{.Config.User}}', '--', image], { check: false });
  if (inspected.exitCode !== 0) return null;
  const configured = inspected.stdout.trim() || null;
  // A configured user is the image author's choice: no need to look further.
  if (configured !== null || !canMount) return { configured, passwd: null };
  return { configured, passwd: await readPasswd(cli, image) };
}

async function readPasswd(cli: Cli, image: string): Promise<string | null> {
  const mounted = await cli(['image', 'mount', '--', image], { check: false });
  if (mounted.exitCode !== 0) return null;
  try {
    return await readFile(join(mounted.stdout.trim(), 'etc', 'passwd'), 'utf8');
  } catch {
    return null;
  } finally {
    await cli(['image', 'unmount', '--', image], { check: false });
  }
}
