/** `<file>.meta.json`: what we know about a finished download, for `models ls` and url-keyed hits. */
import { readJson, writeJson } from '../shared/json-file.js';

export interface ModelMeta {
  /** The recipe's model name at download time (a cache is shared across projects). */
  name: string;
  url: string;
  etag: string | null;
  lastModified: string | null;
  size: number;
  /** Computed while downloading. */
  sha256: string;
  fetchedAt: string;
}

export const readModelMeta = (path: string) => readJson<ModelMeta>(path);
export const writeModelMeta = (path: string, meta: ModelMeta) => writeJson(path, meta);
