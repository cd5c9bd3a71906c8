/**
 * The CLI: cac wiring only. argv in, a command call out, an exit code back. Everything
 * the commands need comes through CliIO so tests can inject it.
 */
import { cac } from 'cac';
import { ExitCode, TempfsError, isTempfsError } from '../errors.js';
import type { CliIO } from './context.js';
import { globalFlagsFirst } from './global-flags.js';
import { protectValues, unprotect } from './raw-values.js';
import { reportError } from './report-error.js';
import { registerKubeVerbs } from './verbs-kube.js';
import { registerMcpVerbs } from './verbs-mcp.js';
import { registerRecipeVerbs } from './verbs-recipe.js';
import { registerStackVerbs } from './verbs-stack.js';
import { version } from './version.js';

export function buildCli(io: CliIO) {
  const cli = cac('tempfs');
  cli
    .option('-f, --file <path>', 'Recipe file (repeatable; later files override earlier ones). Default: tempfs.yaml here or in a parent folder')
    .option('-p, --project-name <name>', 'Project name (default: TEMPFS_PROJECT_NAME, then name:, then the folder name)')
    .option('--env-file <path>', 'Variables for ${VAR} interpolation, instead of the recipe\'s env_file (repeatable)')
    .option('--profile <name>', 'Enable containers of this profile (repeatable)')
    .option('--progress <mode>', 'auto, tty, plain, json or quiet', { default: 'auto' })
    .option('--engine <name>', 'podman or docker (default: TEMPFS_ENGINE, else podman when on PATH, else docker)')
    .option('--connection <name>', 'Podman: a `podman system connection` name (remote engine)')
    .option('--url <url>', 'Podman --url / Docker --host: unix://, ssh:// or tcp:// (default: CONTAINER_HOST / DOCKER_HOST)')
    .option('--context <name>', 'Docker: a `docker context` name (default: DOCKER_CONTEXT)');
  registerRecipeVerbs(cli, io);
  registerStackVerbs(cli, io);
  registerKubeVerbs(cli, io);
  registerMcpVerbs(cli, io);
  cli.help();
  cli.version(version());
  return cli;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    const cli = buildCli(io);
    const globals = cli.globalCommand.options;
    const options = [...globals, ...cli.commands.flatMap((c) => c.options)];
    const args = protectValues(globalFlagsFirst(argv, globals), options);
    // cac runs its option parser once for every command to find the one named (~6 ms of a
    // `tempfs config`): it is shown only the commands a word of argv names, and finds the same.
    // Not for help, which cac prints while parsing and which lists every command.
    const all = cli.commands;
    const words = new Set(args);
    if (!words.has('-h') && !words.has('--help')) {
      cli.commands = all.filter((c) => c.isDefaultCommand || words.has(c.name) || c.aliasNames.some((a) => words.has(a)));
    }
    try {
      cli.parse(['node', 'tempfs', ...args], { run: false });
    } finally {
      cli.commands = all;
    }
    unprotect(cli.options, cli.args as string[]);
    if (cli.options.help || cli.options.version) return ExitCode.OK;
    if (!cli.matchedCommand) {
      if (argv.length === 0) {
        cli.outputHelp();
        return ExitCode.OK;
      }
      // Options alone (`tempfs -p x`, `tempfs -p -x`) are a mistake, not a request for help.
      if (cli.args.length === 0) throw new TempfsError('USAGE', 'no command given', { hint: "see 'tempfs --help' for the list of commands" });
      throw new TempfsError('USAGE', `unknown command "${cli.args[0]}"`, { hint: "see 'tempfs --help' for the list of commands" });
    }
    const code: unknown = await cli.runMatchedCommand();
    return typeof code === 'number' ? code : ExitCode.OK;
  } catch (error) {
    // Interrupted: whatever failed failed because of the signal; that is not an error to report.
    if (io.signal.aborted && isTempfsError(io.signal.reason, 'CANCELLED')) return io.signal.reason.exitCode;
    return reportError(error, io.stderr, io.env);
  }
}
