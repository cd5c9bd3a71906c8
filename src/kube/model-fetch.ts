/**
 * A model as a PersistentVolumeClaim filled by an init container, as tempfs's own pull does
 * on the host: download to `<file>.partial` (continued where a failed attempt stopped),
 * check sha256 (a mismatch deletes it and names both hashes), rename into place; a file
 * already there is kept and nothing is downloaded. The containers mount the claim read-only.
 */
import type { ModelSpec } from '../recipe/model.js';
import { manifest } from './objects.js';
import type { Manifest } from './types.js';
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

/**
 * The podman target's models Pod: the same fetches as init containers, on the host's network
 * (so a URL on loopback works as it does for `tempfs up`, which downloads on the host), run
 * before the other Pods; `podman kube play` returns once they are done. Its one container
 * lists the files and exits.
 */
export function modelsPod(project: string, models: readonly ModelSpec[], image: string, labels: Record<string, string>): Manifest {
  const volume = 'models';
  const name = kubeName(`${project}-models`);
  return manifest(
    'v1',
    'Pod',
    name,
    { ...labels, 'io.tempfs.service': 'models' },
    {
      spec: {
        hostNetwork: true,
        // A failed download (a checksum mismatch) fails the play at once, not after retries.
        restartPolicy: 'Never',
        initContainers: models.map((m) => fetchContainer(m, image, volume)),
        containers: [{ name: 'models', image, command: ['ls', '-l', MODELS_PATH], volumeMounts: [{ name: volume, mountPath: MODELS_PATH, readOnly: true }] }],
        volumes: [{ name: volume, persistentVolumeClaim: { claimName: modelClaimName(project) } }],
      },
    },
    ['fetches the models on the host network before the other Pods start, as tempfs up does on the host'],
  );
}
