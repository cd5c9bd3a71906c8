/**
 * The layer rules of DESIGN §3 and the README's "How it is built", checked in `npm test`
 * (`npm run check:layers`). Imports point down:
 *
 *   cli -> commands -> {mcp, stack, ui, kube, repl, ...}
 *   mcp -> stack, process      stack -> plan, engine, readiness, models, monitor
 *   everything -> recipe -> shared (and errors.ts, events.ts)
 *
 * Each room has one rule that lists what it may import of ours ("<room>-imports"); the
 * rules after those guard packages and side effects. A finding names the rule, the file and
 * the import. An exception is a `pathNot` on one file with a comment that says why.
 */

// Files of ours that every room may import: the error type and the event shapes.
const BASE = '^src/(errors|events)\\.ts$';
// The engine classes; the rooms that orchestrate see only the ContainerEngine interface
// (engine/engine.ts) and the engine's pure helpers (labels, naming, config hash).
const ENGINE_CLASSES = '^src/engine/(podman|docker|exec|exec-lines)\\.ts$';

/** One rule per room: `from` may import only the rooms in `may` (and itself, and BASE). */
const room = (name, may, comment, extra = {}) => ({
  name: `${name}-imports`,
  comment,
  severity: 'error',
  from: { path: `^src/${name}/`, ...(extra.fromPathNot ? { pathNot: extra.fromPathNot } : {}) },
  to: {
    path: '^src/',
    pathNot: [`^src/${name}/`, BASE, ...may.map((r) => (r.endsWith('.ts') ? `^src/${r.replace(/\./g, '\\.')}$` : `^src/${r}/`))],
  },
});

module.exports = {
  forbidden: [
    room('shared', [], 'shared/ is the leaf: it imports nothing of ours (not even errors.ts).'),
    room('recipe', ['shared'], 'recipe/ reads and checks a recipe; it needs nothing above it.'),
    // Two pure leaves of shared/: the cycle finder the recipe checks use too, and the
    // duration text (no imports, no I/O); the rest of shared/ may touch files.
    room('plan', ['recipe/model.ts', 'shared/dependency-cycle.ts', 'shared/units.ts'], 'plan/ is pure: the recipe model types in, the plan as data out.'),
    // recipe/ephemeral.ts is the sandbox layout as data (model types in, mounts out, no I/O):
    // kube renders the same layout as Podman's flags do, so it reads that one table.
    room('kube', ['recipe/model.ts', 'recipe/ephemeral.ts'], 'kube/ is pure: the recipe model types in, manifests as data out.'),
    room('engine', ['recipe', 'shared'], 'engine/ runs Podman (or Docker) for the model of a recipe.'),
    room('readiness', ['engine', 'recipe', 'shared'], 'readiness/ probes through the ContainerEngine interface.'),
    room('models', ['recipe', 'shared'], 'models/ is the download cache.'),
    room('monitor', ['engine', 'recipe', 'shared'], 'monitor/ removes what a session left, through the ContainerEngine interface.'),
    room('process', ['shared'], 'process/ runs processes and terminals; it knows nothing of recipes or stacks.'),
    room('ui', ['recipe', 'shared'], 'ui/ maps library events to the screen.'),
    room('repl', ['recipe', 'process', 'shared', 'ui'], 'repl/ is the interactive REPL of the `shell` verb; "terminal" means a PTY shell of process/.'),
    room(
      'stack',
      ['plan', 'engine', 'readiness', 'models', 'monitor', 'recipe', 'shared'],
      'stack/ is the orchestrator as a library: up / down / run on an engine; it reports events, ui/ draws them.',
    ),
    room('cli', ['commands', 'ui', 'shared'], 'cli/ is cac wiring only: argv in, a command call out; what a verb knows of the rooms below, its command knows.'),
    room(
      'mcp',
      ['stack', 'process', 'engine', 'recipe', 'shared', 'repl'],
      'mcp/ is the MCP server: tools over process/ and stack/.',
    ),
    {
      name: 'nothing-imports-commands-or-cli',
      comment: 'commands/ and cli/ are the top: only cli/ calls commands/, and nothing calls cli/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(cli|commands)/' },
      to: { path: '^src/(cli|commands)/' },
    },
    {
      name: 'commands-not-to-cli',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-engine-class',
      comment:
        'readiness/, monitor/ and stack/ talk to the ContainerEngine interface (engine/engine.ts), never to an engine class or the exec wrapper. ' +
        'monitor/main.ts is the entry point of the detached monitor process: like cli/ for the CLI, it is where the engine is built.',
      severity: 'error',
      from: { path: '^src/(readiness|monitor|stack)/', pathNot: '^src/monitor/main\\.ts$' },
      to: { path: ENGINE_CLASSES },
    },
    {
      name: 'pure-plan-and-kube',
      comment: 'plan/ and kube/ do no I/O: no Node built-in module at all.',
      severity: 'error',
      from: { path: '^src/(plan|kube)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'only-engine-and-process-start-processes',
      comment:
        'Only engine/ and process/ start processes (one exec wrapper each). ' +
        'monitor/launcher.ts spawns the detached monitor (node itself), which must outlive us: execa cannot detach it from our stdio as it needs.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(engine|process)/', '^src/monitor/launcher\\.ts$'] },
      to: {
        path: '^(node:)?child_process$|^execa$|^tree-kill$|^@lydell/node-pty$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'only-cli-imports-cac',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^cac$|node_modules/cac/' },
    },
    {
      name: 'only-ui-imports-listr2',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/ui/' },
      to: { path: '^listr2$|node_modules/listr2/' },
    },
    {
      name: 'only-mcp-imports-the-mcp-sdk',
      comment: 'commands/mcp/ is where the MCP server lives until it moves to mcp/.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(mcp|commands/mcp)/' },
      to: { path: 'node_modules/@modelcontextprotocol/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/|node_modules|^(node:)?[a-z_/]+$',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    progress: { type: 'none' },
  },
};
