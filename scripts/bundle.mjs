// Bundle the CLI into dist/bundle/ (one file per lazily loaded verb, plus shared chunks).
// Node's ESM loader pays per file: the tsc output plus yaml's and cac's many small modules
// made `tempfs config` cost ~4x a bare `node -e 0`; bundled ~2.5x, ~2x with the recipe fast path
// (bench/config-startup.mjs). tsc's dist/ stays for the library surface and the monitor.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * Small modules that nearly every verb loads. esbuild puts a module in a chunk of its own for
 * each distinct set of entry points (the CLI and every lazily imported module) that reach it,
 * which left 25 chunks of under 4 KB on the path of `down`, 9 on that of `config`; Node's
 * loader pays ~0.5 ms for each module it resolves, reads, compiles and links. Every entry
 * point imports these (the plugin below adds the import), so they share one chunk. Only
 * leaves with cheap imports belong here: this chunk loads on every start.
 */
const PRELUDE = [
  'errors.ts', 'events.ts', 'ui/colors.ts', 'ui/format.ts', 'ui/print.ts',
  'shared/backoff.ts', 'shared/dependency-cycle.ts', 'shared/json-file.ts', 'shared/line-splitter.ts', 'shared/shell-quote.ts',
  'shared/shell-words.ts', 'shared/suggest.ts', 'shared/units.ts', 'shared/utf8-cut.ts', 'shared/xdg-paths.ts',
  'engine/engine.ts', 'engine/labels.ts', 'recipe/ephemeral.ts', 'recipe/positions.ts', 'monitor/state-dir.ts', 'commands/attach-path.ts',
].map((f) => resolve('src', f));
const PRELUDE_MODULE = 'tempfs:prelude';

/**
 * Makes every module of src/ (but the PRELUDE's own) import the PRELUDE: every entry point
 * then reaches its modules, whichever way esbuild first met the entry (a dynamic import's
 * target may be loaded through a static import elsewhere first).
 */
const prelude = {
  name: 'prelude',
  setup(b) {
    const own = new Set(PRELUDE);
    const src = `${resolve('src')}/`;
    b.onResolve({ filter: /^tempfs:prelude$/ }, () => ({ path: PRELUDE_MODULE, namespace: 'prelude' }));
    b.onLoad({ filter: /.*/, namespace: 'prelude' }, () => ({
      contents: PRELUDE.map((f) => `import ${JSON.stringify(f)};`).join('\n'),
      loader: 'js',
      resolveDir: resolve('src'),
    }));
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!args.path.startsWith(src) || own.has(args.path)) return undefined;
      // On the first line (after a `#!`), so the source map's lines stay where they were.
      const text = await readFile(args.path, 'utf8');
      const at = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
      return { contents: `${text.slice(0, at)}import ${JSON.stringify(PRELUDE_MODULE)};${text.slice(at)}`, loader: 'ts' };
    });
  },
};

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
  plugins: [prelude],
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
