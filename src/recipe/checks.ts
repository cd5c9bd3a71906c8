/** Checks of meaning on the normalised model; each error points at the offending value. */
import { describeCycle, findCycle } from '../shared/dependency-cycle.js';
import type { Fail } from './fail.js';
import type { ContainerSpec, Project, RecipeWarning } from './model.js';
import type { Path, PositionTable } from './positions.js';
import type { RawRecipe } from './raw.js';
import { didYouMean } from '../shared/suggest.js';

export const BUILTIN_ROLES = ['base', 'ping', 'llama'] as const;

/** Path of `containers.<from>.depends_on` entry naming `dep`, in list or map form. */
function dependencyPath(raw: RawRecipe, from: string, dep: string): Path {
  const deps = raw.containers?.[from]?.depends_on;
  return Array.isArray(deps) ? ['containers', from, 'depends_on', deps.indexOf(dep)] : ['containers', from, 'depends_on', dep];
}

export function checkReferences(raw: RawRecipe, project: Pick<Project, 'models' | 'volumes' | 'terminal'>, all: Record<string, ContainerSpec>, fail: Fail): void {
  const names = Object.keys(all);
  for (const spec of Object.values(all)) {
    const base = ['containers', spec.name];
    for (const dep of Object.keys(spec.depends_on)) {
      if (!all[dep]) {
        const path = dependencyPath(raw, spec.name, dep);
        fail(path, `undefined container ${JSON.stringify(dep)}${didYouMean(dep, names)}`, { key: typeof path[3] === 'string' });
      }
    }
    spec.models.forEach((model, i) => {
      if (!project.models[model]) fail([...base, 'models', i], `model ${JSON.stringify(model)} is not declared under models${didYouMean(model, Object.keys(project.models))}`);
    });
    spec.volumes.forEach((mount, i) => {
      if (mount.type === 'volume' && mount.source !== '' && !project.volumes[mount.source]) {
        fail([...base, 'volumes', i], `volume ${JSON.stringify(mount.source)} is not declared under volumes${didYouMean(mount.source, Object.keys(project.volumes))}`);
      }
    });
  }
  const cycle = findCycle(new Map(Object.values(all).map((s) => [s.name, Object.keys(s.depends_on)])));
  if (cycle) {
    const path = dependencyPath(raw, cycle[0]!, cycle[1]!);
    fail(path, describeCycle(cycle), { key: typeof path[3] === 'string', plain: true });
  }
  if (project.terminal !== null && !all[project.terminal]) {
    fail(['terminal'], `undefined container ${JSON.stringify(project.terminal)}${didYouMean(project.terminal, names)}`);
  }
}

/** The same host address, port and protocol published twice among the enabled containers. */
export function checkHostPorts(containers: Record<string, ContainerSpec>, fail: Fail): void {
  const seen: { ip: string; port: number; protocol: string; where: string }[] = [];
  for (const spec of Object.values(containers)) {
    spec.ports.forEach((p, i) => {
      if (p.host === null) return;
      const ip = p.host_ip === '0.0.0.0' ? '' : p.host_ip;
      // An all-addresses binding clashes with any address on the same port.
      const clash = seen.find((s) => s.port === p.host && s.protocol === p.protocol && (s.ip === ip || s.ip === '' || ip === ''));
      const where = `containers.${spec.name}.ports[${i}]`;
      if (clash) fail(['containers', spec.name, 'ports', i], `host port ${p.host}/${p.protocol} is already published by ${clash.where}`);
      seen.push({ ip, port: p.host, protocol: p.protocol, where });
    });
  }
}

/** Roles nobody provides: a warning, since command folders may define more at run time. */
export function warnUnknownRoles(containers: Record<string, ContainerSpec>, known: Set<string>, table: PositionTable, root: unknown, warnings: RecipeWarning[]): void {
  for (const spec of Object.values(containers)) {
    spec.roles.forEach((role, i) => {
      if (known.has(role)) return;
      const message = `containers.${spec.name}.roles[${i}]: unknown role ${JSON.stringify(role)}${didYouMean(role, [...known])}`;
      warnings.push({ message, ...table.find(root, ['containers', spec.name, 'roles', i]) });
    });
  }
}
