// Bundle the CLI into dist/bundle/ (one file per lazily loaded verb, plus shared chunks).
// Node's ESM loader pays per file: the tsc output plus yaml's and cac's many small modules
// made `tempfs config` cost ~4x a bare `node -e 0`; bundled ~2.5x, ~2x with the recipe fast path
// (bench/config-startup.mjs). tsc's dist/ stays for the library surface and the monitor.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear the folder so old chunks do not pile up.
await rm('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { tempfs: 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // `.mjs` chunks are ES modules by their name: Node skips the package.json lookup it makes
  // for every `.js` module it loads (~2% of a `tempfs config`, counted with callgrind).
  outExtension: { '.js': '.mjs' },
  // CommonJS dependencies (tree-kill) call require() for Node built-ins.
  // node-pty loads its prebuilt native binary with require(): it stays a package.
  external: ['@lydell/node-pty'],
  banner: { js: "import { createRequire as __tempfsRequire } from 'node:module'; const require = __tempfsRequire(import.meta.url);" },
});

// The entry keeps its `.js` name: it is the package's bin (chunks never import it).
await rename('dist/bundle/tempfs.mjs.map', 'dist/bundle/tempfs.js.map');
const entry = await readFile('dist/bundle/tempfs.mjs', 'utf8');
await writeFile('dist/bundle/tempfs.js', entry.replace(/\/\/# sourceMappingURL=tempfs\.mjs\.map\n?$/, '//# sourceMappingURL=tempfs.js.map\n'));
await rm('dist/bundle/tempfs.mjs');
