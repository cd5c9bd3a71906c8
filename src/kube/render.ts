/**
 * Manifests as YAML text that can be committed and diffed: keys sorted, no timestamps, no
 * folded lines; each object's comments above it.
 */
import { stringify } from 'yaml';
import type { Manifest } from './types.js';

export function renderManifest(m: Manifest): string {
  const comments = m.comments.map((c) => `# ${c.replace(/\n/g, ' ')}\n`).join('');
  return comments + stringify(m.object, { sortMapEntries: true, lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

/** One stream of documents (`--out -`, and what `--play` gives podman). */
export function renderStream(manifests: readonly Manifest[]): string {
  return manifests.map(renderManifest).join('---\n');
}

/** `--out DIR`: one file per object, numbered so `kubectl apply -f DIR` goes in this order. */
export function manifestFiles(manifests: readonly Manifest[]): { file: string; text: string }[] {
  const width = String(manifests.length).length;
  return manifests.map((m, i) => ({
    file: `${String(i + 1).padStart(Math.max(2, width), '0')}-${m.kind.toLowerCase()}-${m.name}.yaml`,
    text: renderManifest(m),
  }));
}
