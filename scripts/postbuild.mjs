// After tsc: make the CLI entry executable so `npx tempfs` and the bin link work.
import { chmod, access } from 'node:fs/promises';

const entry = new URL('../dist/cli/main.js', import.meta.url);
try {
  await access(entry);
  await chmod(entry, 0o755);
} catch {
  // No CLI entry built yet: nothing to mark.
}
