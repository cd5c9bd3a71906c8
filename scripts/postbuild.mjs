// After the build: make the CLI entries executable so `npx tempfs` and the bin link work.
import { chmod } from 'node:fs/promises';

for (const entry of ['../dist/bundle/tempfs.js', '../dist/cli/main.js']) {
  await chmod(new URL(entry, import.meta.url), 0o755);
}
