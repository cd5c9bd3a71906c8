/**
 * Trusted recipe folders, as direnv's `allow` or mise's `trust`: folder -> the content
 * hash the user said yes to. Kept in the state folder, readable by the user only.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { resolveStateDir } from '../../monitor/state-dir.js';

interface TrustFile {
  folders: Record<string, { sha256: string; trustedAt: string }>;
}

export function trustFilePath(env: Record<string, string | undefined>): string {
  return join(resolveStateDir(env), 'trusted-folders.json');
}

async function read(file: string): Promise<TrustFile> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<TrustFile>;
    return { folders: data.folders ?? {} };
  } catch {
    return { folders: {} };
  }
}

export async function isTrusted(file: string, folder: string, sha256: string): Promise<boolean> {
  return (await read(file)).folders[folder]?.sha256 === sha256;
}

/** Records (or with `sha256: null` forgets) a folder; written atomically, mode 0600. */
export async function setTrust(file: string, folder: string, sha256: string | null): Promise<void> {
  const data = await read(file);
  if (sha256 === null) delete data.folders[folder];
  else data.folders[folder] = { sha256, trustedAt: new Date().toISOString() };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}
