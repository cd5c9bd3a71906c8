/**
 * The part of loading shared by the fast and the exact path: from the merged, interpolated
 * plain document to the Project — schema, normalisation, checks of meaning, profiles, name.
 * Errors and warnings point at places through `table` (empty on the fast path, whose
 * caller takes the exact path on any error or warning).
 */
import { TempfsError } from '../errors.js';
import { BUILTIN_ROLES, checkHostPorts, checkReferences, warnUnknownRoles } from './checks.js';
import { failAt } from './fail.js';
import type { LoadOptions } from './load-options.js';
import type { Project, RecipeWarning } from './model.js';
import { normaliseProject } from './normalise-project.js';
import type { PositionTable } from './positions.js';
import { checkUnsupported } from './compose-unsupported.js';
import { enabledContainers } from './profiles.js';
import type { RawRecipe } from './raw.js';
import { didYouMean } from '../shared/suggest.js';
import { validateRecipe } from './validate.js';

export interface BuildContext {
  options: LoadOptions;
  files: string[];
  /** Folder of the first recipe file. */
  dir: string;
  display: (path: string) => string;
  lookup: (name: string) => string | undefined;
  table: PositionTable;
  warnings: RecipeWarning[];
  /** The project name (decided before interpolation: it is COMPOSE_PROJECT_NAME there). */
  name: string;
}

export async function buildProject(data: unknown, ctx: BuildContext): Promise<Project> {
  const { options, table, dir, lookup } = ctx;
  const root = typeof data === 'object' && data !== null && 'services' in data ? 'services' : 'containers';
  const fail = failAt(data, table);
  if (root === 'services' && 'containers' in (data as object)) fail(['services'], 'a file has containers: (a recipe) or services: (a compose file), not both', { key: true, plain: true });
  checkUnsupported(data, root, fail);
  await validateRecipe(data, table);
  const raw = data as RawRecipe;
  const base = await normaliseProject(raw, { dir, fail, at: (path) => table.find(data, path), display: ctx.display, lookup, root, declared: raw });
  // The checks below name `containers`: give them the compose file's `services` under that name.
  const view = root === 'services' ? { ...raw, containers: raw.services } : raw;
  if (view !== raw) {
    for (const key of Object.keys(raw)) table.copy(raw, key, view, key);
    table.copy(raw, 'services', view, 'containers');
  }
  const rooted = failAt(view, table, root);
  checkReferences(view, base, base.containers, rooted);

  const profiles = options.profiles?.length ? options.profiles : splitList(lookup('TEMPFS_PROFILES') || lookup('COMPOSE_PROFILES'));
  const services = options.services ?? [];
  for (const name of services) {
    if (!base.containers[name]) {
      throw new TempfsError('USAGE', `no container ${JSON.stringify(name)} in this recipe${didYouMean(name, Object.keys(base.containers))}`);
    }
  }
  const on = enabledContainers(base.containers, profiles, services);
  const containers = Object.fromEntries(Object.entries(base.containers).filter(([name]) => on.has(name)));
  checkHostPorts(containers, rooted);
  const roles = new Set<string>([...BUILTIN_ROLES, ...base.yaml_commands.flatMap((c) => c.roles)]);
  warnUnknownRoles(containers, roles, table, view, ctx.warnings);

  return { name: ctx.name, files: ctx.files, ...base, containers, profiles };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
