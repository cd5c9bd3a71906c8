// The verbs that only read (ps, down, config, validate) must not load Node's modules that only
// some paths need: node:crypto (~7 ms: session ids, config hashes, claims, a remote engine's
// helper), node:http(s) (the http probe, the Docker API) and readline (the trust question).
// Each is imported where it is used; a static import anywhere on these paths brings it back.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { runBuilt } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const HEAVY = ['crypto', 'http', 'https', 'readline', 'readline/promises'];

test('ps, down, config and validate load no crypto, http or readline', async () => {
  const dir = tempDir('tempfs-lean-');
  writeFileSync(join(dir, 'tempfs.yaml'), 'name: lean\ncontainers:\n  app:\n    image: busybox\n    ready: { log: ready }\n  web:\n    image: busybox\n    depends_on: [app]\n');
  // Stands in for podman: a version, and nothing to list or remove.
  const podman = join(dir, 'podman');
  writeFileSync(podman, '#!/bin/sh\n[ "$1" = --version ] && echo "podman version 4.3.1"\nexit 0\n');
  chmodSync(podman, 0o755);
  const preload = join(dir, 'record.mjs');
  writeFileSync(preload, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.LEAN_OUT, JSON.stringify(process.moduleLoadList)));\n`);
  for (const argv of [['ps'], ['down'], ['config', '-q'], ['validate']]) {
    const out = join(dir, `${argv[0]}.json`);
    const env = { ...process.env, TEMPFS_PODMAN: podman, TEMPFS_ENGINE: 'podman', TEMPFS_STATE_DIR: join(dir, 'state'), LEAN_OUT: out, NODE_OPTIONS: `--import ${pathToFileURL(preload).href}` };
    const result = await runBuilt(argv, { cwd: dir, env });
    expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(0);
    const loaded = (JSON.parse(readFileSync(out, 'utf8')) as string[]).filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
    expect(loaded, argv.join(' ')).toContain('fs/promises'); // the record is real: the CLI read its recipe
    expect(loaded.filter((m) => HEAVY.includes(m)), argv.join(' ')).toEqual([]);
  }
});
