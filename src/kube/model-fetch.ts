/**
 * A model as a PersistentVolumeClaim filled by an init container, as tempfs's own pull does
 * on the host: download to `<file>.partial` (continued where a failed attempt stopped),
 * check sha256 (a mismatch deletes it and names both hashes), rename into place; a file
 * already there is kept and nothing is downloaded. The containers mount the claim read-only.
 */
import type { ModelSpec } from '../recipe/model.js';
import { kubeName } from './names.js';

export const MODELS_PATH = '/models';

const SCRIPT = [
  'set -eu',
  'f="/models/$MODEL_FILE"',
  'if [ -f "$f" ]; then echo "$MODEL_FILE: present, not downloaded"; exit 0; fi',
  'echo "$MODEL_FILE: downloading $MODEL_URL"',
  'wget -c -O "$f.partial" "$MODEL_URL"',
  'if [ -n "$MODEL_SHA256" ]; then',
  '  got=$(sha256sum "$f.partial" | cut -d " " -f 1)',
  '  if [ "$got" != "$MODEL_SHA256" ]; then',
  '    echo "$MODEL_FILE: sha256 mismatch: got $got, want $MODEL_SHA256" >&2',
  '    rm -f "$f.partial"',
  '    exit 1',
  '  fi',
  '  echo "$MODEL_FILE: sha256 verified"',
  'fi',
  'mv "$f.partial" "$f"',
].join('\n');

export function modelClaimName(project: string): string {
  return kubeName(`${project}-models`);
}

export function fetchContainer(model: ModelSpec, image: string, volume: string): Record<string, unknown> {
  return {
    name: kubeName(`fetch-${model.name}`),
    image,
    command: ['sh', '-c', SCRIPT],
    env: [
      { name: 'MODEL_FILE', value: model.file },
      { name: 'MODEL_SHA256', value: model.sha256 ?? '' },
      { name: 'MODEL_URL', value: model.url },
    ],
    volumeMounts: [{ name: volume, mountPath: MODELS_PATH }],
  };
}
