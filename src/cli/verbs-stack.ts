/** Verbs that run things: up, down, ps, logs, exec, shell. */
import type { CAC } from 'cac';
import { TempfsError } from '../errors.js';
import { makeContext, type CliIO } from './context.js';
import { commandWords, durationOption, envOption, intOption, stringOption } from './parse-args.js';

export function registerStackVerbs(cli: CAC, io: CliIO): void {
  cli
    .command('up [...containers]', 'Start the containers (and their dependencies) in order, each once it is ready')
    .option('-d, --detach', 'Return once every container is ready and leave the stack running')
    .option('--no-wait', 'With -d: return once started, without waiting for readiness')
    .option('--wait-timeout <duration>', 'Give up when not ready within this time (e.g. 2m)')
    .option('--parallel <n>', 'Create at most N containers at a time (default: no limit)')
    .option('--keep-on-failure', 'Leave what a failed up created, for inspection')
    .option('--ttl <duration>', 'With -d: remove the stack after this time (e.g. 30m), for CI sandboxes')
    .option('--no-shell', 'In a terminal: stream the output instead of opening the interactive shell')
    .example('tempfs up -d --ttl 1h')
    .example('tempfs up sandbox')
    .action(async (containers: string[], options: Record<string, unknown>) => {
      const { upCommand } = await import('../commands/up.js');
      return upCommand(makeContext(io, options), {
        services: containers,
        detach: Boolean(options.detach),
        wait: options.wait !== false,
        waitTimeoutMs: durationOption('--wait-timeout', options.waitTimeout, true),
        parallel: intOption('--parallel', options.parallel, 1) ?? Number.POSITIVE_INFINITY,
        keepOnFailure: Boolean(options.keepOnFailure),
        ttlMs: durationOption('--ttl', options.ttl, true),
        shell: options.shell !== false,
      });
    });

  cli
    .command('down', "Stop and remove the project's containers and network (reverse order)")
    .option('-v, --volumes', 'Also remove the named volumes')
    .option('-t, --timeout <seconds>', 'Grace period before SIGKILL, for every container')
    .action(async (options: Record<string, unknown>) => {
      const { downCommand } = await import('../commands/down.js');
      const timeoutMs = durationOption('-t', options.timeout);
      return downCommand(makeContext(io, options), { volumes: Boolean(options.volumes), timeoutMs: timeoutMs ?? undefined });
    });

  cli
    .command('ps', "List the project's containers: state, readiness, ports, uptime, TTL left")
    .option('--json', 'Print a JSON array')
    .action(async (options: Record<string, unknown>) => {
      const { psCommand } = await import('../commands/ps.js');
      return psCommand(makeContext(io, options), { json: Boolean(options.json) });
    });

  cli
    .command('ls', 'List the tempfs projects on this machine, from Podman labels')
    .option('-a, --all', 'Also projects whose containers are all stopped')
    .option('--json', 'Print a JSON array')
    .action(async (options: Record<string, unknown>) => {
      const { lsCommand } = await import('../commands/ls.js');
      return lsCommand(makeContext(io, options), { json: Boolean(options.json), all: Boolean(options.all) });
    });

  cli
    .command('logs [...containers]', "Print the containers' output")
    .option('-f, --follow', 'Keep following new output')
    .option('-n, --tail <lines>', 'Only the last N lines of each')
    .option('--since <time>', 'Only output since a time (RFC 3339) or a duration ago (10m)')
    .action(async (containers: string[], options: Record<string, unknown>) => {
      const { logsCommand } = await import('../commands/logs.js');
      return logsCommand(makeContext(io, options), {
        services: containers,
        follow: Boolean(options.follow),
        tail: intOption('--tail', options.tail),
        since: stringOption(options.since),
      });
    });

  cli
    .command('exec <container> [...command]', 'Run a command in a running container; exits with its code')
    .option('-T, --no-tty', 'Do not allocate a TTY')
    .option('-e, --env <KEY=VALUE>', 'Set a variable (repeatable)')
    .option('-w, --workdir <dir>', 'Working directory inside the container')
    .option('-u, --user <user>', 'User to run as')
    .example('tempfs exec sandbox -- bash -lc "uname -a"')
    .action(async (container: string, rest: string[], options: Record<string, unknown>) => {
      const { execCommand } = await import('../commands/exec.js');
      return execCommand(makeContext(io, options), {
        service: container,
        argv: commandWords(rest, options),
        noTty: options.tty === false,
        env: envOption(options.env),
        workdir: stringOption(options.workdir),
        user: stringOption(options.user),
      });
    });

  cli
    .command('run <container> [...command]', "Run a command in a fresh container of a service, with its dependencies; exits with the command's code")
    .option('-T, --no-tty', 'Do not allocate a TTY')
    .option('-e, --env <KEY=VALUE>', 'Set a variable (repeatable)')
    .option('--no-deps', 'Do not start the dependencies')
    .example('tempfs run sandbox -- npm test')
    .example('tempfs run llama-cli -- -p "Hello" -n 64 -st')
    .action(async (container: string, rest: string[], options: Record<string, unknown>) => {
      const { runCommand } = await import('../commands/run.js');
      return runCommand(makeContext(io, options), {
        service: container,
        argv: commandWords(rest, options),
        noTty: options.tty === false,
        env: envOption(options.env),
        noDeps: options.deps === false,
      });
    });

  cli
    .command('shell [container]', 'Open the interactive shell of a running container (role-based commands)')
    .action(async (container: string | undefined, options: Record<string, unknown>) => {
      const { shellVerb } = await import('../commands/shell.js');
      return shellVerb(makeContext(io, options), { service: container });
    });

  cli
    .command('models [sub] [...args]', 'Model cache: ls | pull [names...] | rm <name|path> | path <name>')
    .option('--json', 'Print JSON (ls)')
    .action(async (sub: string | undefined, args: string[], options: Record<string, unknown>) => {
      const ctx = makeContext(io, options);
      const { loadOptionalProject } = await import('../commands/stack/project-ref.js');
      const { modelsCommand } = await import('../commands/models.js');
      return modelsCommand(ctx, await loadOptionalProject(ctx), sub ?? 'ls', args, { json: Boolean(options.json) });
    });

  cli
    .command('doctor', 'Check that Podman works here and print how to fix what does not')
    .option('--json', 'Print the checks as JSON')
    .action(async (options: Record<string, unknown>) => {
      const { doctorCommand } = await import('../commands/doctor.js');
      return doctorCommand(makeContext(io, options), { json: Boolean(options.json) });
    });

  cli
    .command('gc', 'Remove what crashed sessions left behind (owner and monitor both gone)')
    .option('--dry-run', 'Only list what would be removed')
    .option('--all', "Every project's orphans on this Podman, not only this project's (needed when there is no recipe and no -p)")
    .option('--json', 'Print JSON')
    .action(async (options: Record<string, unknown>) => {
      const ctx = makeContext(io, options);
      const [{ gcCommand }, { createEngine }, { loadOptionalProject }] = await Promise.all([
        import('../commands/gc.js'),
        import('../commands/stack/engine.js'),
        import('../commands/stack/project-ref.js'),
      ]);
      const project = options.all ? undefined : ((await loadOptionalProject(ctx))?.name ?? ctx.global.projectName);
      // Podman is shared: acting on every project of it is asked for, never a fallback.
      if (!options.all && project === undefined) {
        throw new TempfsError('USAGE', 'gc: no project here (no tempfs.yaml and no -p)', { hint: "name one with -p, or clean every project's orphans with: tempfs gc --all" });
      }
      return gcCommand(ctx, { engine: createEngine(ctx), dryRun: Boolean(options.dryRun), json: Boolean(options.json), project });
    });

}
