/**
 * The command registry of one terminal: built-ins, modules from the recipe's
 * `commands:` folders and inline YAML commands, filtered by the container's roles.
 * Bad modules become problems; a name or alias offered twice is an error naming both sources.
 */
import { TempfsError } from '../errors.js';
import type { YamlCommandSpec } from '../recipe/model.js';
import type { ReplCommand } from './command.js';
import { loadCommandFolders, type LoadProblem, type SourcedCommand } from './module-loader.js';
import { yamlCommand } from './yaml-command.js';

export interface RegistrySources {
  /** The roles the container accepts. */
  roles: string[];
  builtins: ReplCommand[];
  /** Absolute folders of command modules. */
  folders: string[];
  yamlCommands: YamlCommandSpec[];
  /** Where the YAML commands were declared (the recipe path), for error messages. */
  yamlSource: string;
}

export interface Registry {
  /** The offered commands, in order: built-ins, modules, YAML commands. */
  commands: ReplCommand[];
  /** Modules or folders that could not be used. */
  problems: LoadProblem[];
  /** A command by name or alias. */
  find(word: string): ReplCommand | undefined;
  /** Every name and alias, for completion and suggestions. */
  words(): string[];
}

export async function buildRegistry(sources: RegistrySources): Promise<Registry> {
  const { loaded, problems } = await loadCommandFolders(sources.folders);
  const all: SourcedCommand[] = [
    ...sources.builtins.map((command) => ({ command, source: 'built-in' })),
    ...loaded,
    ...sources.yamlCommands.map((spec) => ({
      command: yamlCommand(spec),
      source: `${sources.yamlSource} (commands: ${spec.name})`,
    })),
  ];
  const accepted = new Set(sources.roles);
  const offered = all.filter(({ command }) => command.roles.some((r) => accepted.has(r)));
  return registryOf(offered, problems);
}

/** Builds the lookup from already offered commands; throws on a duplicate name or alias. */
export function registryOf(offered: SourcedCommand[], problems: LoadProblem[] = []): Registry {
  const byWord = new Map<string, SourcedCommand>();
  for (const entry of offered) {
    for (const word of [entry.command.name, ...(entry.command.aliases ?? [])]) {
      const earlier = byWord.get(word);
      if (earlier) throw duplicate(word, earlier, entry);
      byWord.set(word, entry);
    }
  }
  return {
    commands: offered.map((e) => e.command),
    problems,
    find: (word) => byWord.get(word)?.command,
    words: () => [...byWord.keys()],
  };
}

function duplicate(word: string, a: SourcedCommand, b: SourcedCommand): TempfsError {
  return new TempfsError(
    'RECIPE_INVALID',
    `command "${word}" is defined twice: by "${a.command.name}" in ${a.source} and by "${b.command.name}" in ${b.source}`,
    { hint: 'Rename one of the commands or one of its aliases, or give them different roles.' },
  );
}
