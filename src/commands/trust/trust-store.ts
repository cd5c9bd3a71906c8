/**
 * Trusted recipe folders, as direnv's `allow` or mise's `trust`: folder -> the content
 * hash the user said yes to. Kept in the state folder, readable by the user only.
 */
import { join } from 'node:path';
import { resolveStateDir } from '../../monitor/state-dir.js';
import { readJson, writePrivateJson } from '../../shared/json-file.js';

interface TrustFile {
  folders: Record<string, { sha256: string; trustedAt: string }>;
}

export function trustFilePath(env: Record<string, string | undefined>): string {
  return join(resolveStateDir(env), 'trusted-folders.json');
}

async function read(file: string): Promise<TrustFile> {
  return { folders: (await readJson<Partial<TrustFile>>(file))?.folders ?? {} };
}

export async function isTrusted(file: string, folder: string, sha256: string): Promise<boolean> {
  return (await read(file)).folders[folder]?.sha256 === sha256;
}

/** Records (or with `sha256: null` forgets) a folder; written atomically, mode 0600. */
export async function setTrust(file: string, folder: string, sha256: string | null): Promise<void> {
  const data = await read(file);
  if (sha256 === null) delete data.folders[folder];
  else data.folders[folder] = { sha256, trustedAt: new Date().toISOString() };
  await writePrivateJson(file, data);
}
