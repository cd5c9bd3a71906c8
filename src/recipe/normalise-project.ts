/** The validated, merged document to a Project (all containers; profiles are applied later). */
import { resolve } from 'node:path';
import type { RootKey } from './compose-root.js';
import type { ContainerSpec, ModelSpec, NetworkSpec, Project, VolumeSpec, YamlCommandSpec } from './model.js';
import { normaliseContainer, type NormaliseContext } from './normalise-container.js';
import type { RawRecipe } from './raw.js';
import { toStringMap } from './string-map.js';
import { duration } from './units.js';

export type ProjectBase = Omit<Project, 'name' | 'files' | 'profiles'>;

export async function normaliseProject(raw: RawRecipe, ctx: NormaliseContext): Promise<ProjectBase> {
  const models: Record<string, ModelSpec> = {};
  for (const [name, m] of Object.entries(raw.models ?? {})) {
    const url = resolveModelUrl(m.url);
    if (url.startsWith('hf://')) ctx.fail(['models', name, 'url'], `${JSON.stringify(m.url)} must be hf://ORG/REPO/PATH[@REV]`);
    models[name] = { name, url, sha256: m.sha256 ? m.sha256.toLowerCase() : null, file: m.file ?? fileNameOf(url) ?? `${name}.gguf` };
  }
  const volumes: Record<string, VolumeSpec> = {};
  for (const [name, v] of Object.entries(raw.volumes ?? {})) volumes[name] = { name, labels: toStringMap(v?.labels) };
  const specs = await Promise.all(Object.entries(raw[ctx.root] ?? {}).map(([name, c]) => normaliseContainer(name, c, ctx)));
  const networks: Record<string, NetworkSpec> = {};
  for (const [key, n] of Object.entries(raw.networks ?? {})) {
    networks[key] = { name: n?.name ?? null, external: n?.external ?? false, internal: n?.internal ?? false, labels: toStringMap(n?.labels) };
  }
  for (const spec of specs) {
    checkNetworks(spec, raw, networks, ctx);
    dropOptionalDependencies(spec, raw, ctx.root);
  }
  const commands: string[] = [];
  const yaml_commands: YamlCommandSpec[] = [];
  for (const entry of raw.commands ?? []) {
    if (typeof entry === 'string') commands.push(resolve(ctx.dir, entry));
    else {
      yaml_commands.push({
        name: entry.name,
        aliases: entry.aliases ?? [],
        description: entry.description ?? '',
        roles: entry.roles ?? [],
        run: [entry.run].flat(),
      });
    }
  }
  return {
    dir: ctx.dir,
    models,
    volumes,
    networks,
    containers: Object.fromEntries(specs.map((s) => [s.name, s])),
    commands,
    yaml_commands,
    terminal: raw.terminal ?? null,
    ttl: raw.ttl === undefined ? null : duration(raw.ttl, ['ttl'], ctx.fail, true),
  };
}

/** `required: false` dependencies on containers that are not there (Compose: a warning, then ignored). */
function dropOptionalDependencies(spec: ContainerSpec, raw: RawRecipe, root: RootKey): void {
  const all = raw[root] ?? {};
  const declared = all[spec.name]?.depends_on;
  if (!declared || Array.isArray(declared)) return;
  for (const [dep, how] of Object.entries(declared)) if (how?.required === false && !all[dep]) delete spec.depends_on[dep];
}

/** A container joins only `default` or networks declared at the top level. */
function checkNetworks(spec: ContainerSpec, raw: RawRecipe, networks: Record<string, NetworkSpec>, ctx: NormaliseContext): void {
  const listed = raw[ctx.root]?.[spec.name]?.networks;
  Object.keys(spec.networks).forEach((key, i) => {
    if (key === 'default' || networks[key]) return;
    const path = [ctx.root, spec.name, 'networks', Array.isArray(listed) ? i : key];
    ctx.fail(path, `network ${JSON.stringify(key)} is not declared under top-level networks`, { key: !Array.isArray(listed) });
  });
}

/** `hf://ORG/REPO/PATH[@REV]` -> `https://huggingface.co/ORG/REPO/resolve/REV/PATH` (REV default main). */
export function resolveModelUrl(url: string): string {
  const hf = /^hf:\/\/([^/]+)\/([^/]+)\/(.+?)(?:@([^/@]+))?$/.exec(url);
  if (!hf) return url;
  const [, org, repo, path, rev = 'main'] = hf;
  return `https://huggingface.co/${org}/${repo}/resolve/${rev}/${path}`;
}

/**
 * The last path segment of a URL, without query or fragment; null when there is none or
 * when, once percent-decoded, it is not a plain file name (`%2F..%2F` must never climb out
 * of the cache folder).
 */
export function fileNameOf(url: string): string | null {
  try {
    const last = new URL(url).pathname.split('/').pop();
    const name = last ? decodeURIComponent(last) : null;
    return name && isPlainFileName(name) ? name : null;
  } catch {
    return null;
  }
}

/** One path segment that names a file in its folder: no separator, not `.`/`..`, no control bytes. */
export function isPlainFileName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= 255 && name !== '.' && name !== '..' && !/[/\\\x00-\x1f]/.test(name);
}
