/**
 * `tempfs doctor`: checks that Podman is there, new enough, configured, and can really
 * run a container. Returns data; the CLI prints it. A failed check says how to fix it.
 */
import { isTempfsError } from '../errors.js';
import type { PodmanEngine } from './podman.js';
import { hints } from './hints.js';
import { errorText } from './exec.js';
import { detectGpus, gpuCheck } from './gpus.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
  /** The check could not run (nothing to try it on, or an earlier check failed). */
  skipped?: boolean;
}

/** Tried first for the run check: small, and made by scripts/test-images.sh. */
const PREFERRED_IMAGES = ['localhost/tempfs-busybox:test', 'localhost/tempfs-debian:test'];

export async function runDoctor(engine: PodmanEngine, signal: AbortSignal = AbortSignal.timeout(60_000)): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const binary = await engine.cli(['--version'], { signal }).then(
    (r) => ({ ok: true, detail: `${engine.binary}: ${r.stdout}` }),
    (e: unknown) => ({ ok: false, detail: message(e), fix: isTempfsError(e) ? e.hint : undefined }),
  );
  checks.push({ name: 'podman on PATH', ...binary });
  if (!binary.ok) return [...checks, ...['version', 'runtime', 'storage', 'run a container'].map(skippedAfter)];

  checks.push(
    await engine.version().then(
      (v) => ({ name: 'version', ok: true, detail: `${v} (4.3 or newer needed)` }),
      (e: unknown) => ({ name: 'version', ok: false, detail: message(e), fix: isTempfsError(e) ? e.hint : hints.podmanTooOld }),
    ),
  );

  const info = await engine.cli(['info', '--format', 'json'], { signal }).then(
    (r) => JSON.parse(r.stdout) as PodmanInfo,
    (e: unknown) => new Error(message(e)),
  );
  if (info instanceof Error) {
    checks.push({ name: 'runtime', ok: false, detail: info.message, fix: 'run `podman info` by hand and fix what it reports' });
    return [...checks, ...['storage', 'run a container'].map(skippedAfter)];
  }
  const host = info.host ?? {};
  checks.push({
    name: 'runtime',
    ok: Boolean(host.ociRuntime?.name),
    detail: `${host.ociRuntime?.name ?? 'none'} (cgroups ${host.cgroupVersion ?? '?'}, ${host.cgroupManager ?? '?'}${host.security?.rootless ? ', rootless' : ', rootful'})`,
  });
  checks.push({
    name: 'storage',
    ok: Boolean(info.store?.graphDriverName),
    detail: `${info.store?.graphDriverName ?? 'none'} at ${info.store?.graphRoot ?? '?'}`,
  });
  checks.push(await canRun(engine, signal));
  checks.push(gpuCheck(await detectGpus(signal)));
  return checks;
}

/** `podman run --rm` (or `docker run --rm`) of a local image (never pulls): the runtime, cgroups and ulimits all work. */
export async function canRun(engine: PodmanEngine, signal: AbortSignal): Promise<DoctorCheck> {
  const name = 'run a container';
  const image = await pickImage(engine, signal);
  if (image === null) return { name, ok: true, skipped: true, detail: 'no local image to try (scripts/test-images.sh builds some)' };
  const r = await engine.cli(['run', '--rm', '--pull=never', '--no-healthcheck', image, 'true'], { signal, check: false });
  // 127: the runtime got as far as exec and the image just lacks `true`: the runtime works.
  // (126 is not accepted: Podman also uses it for OCI runtime failures.)
  const kind = engine.connection.kind;
  if (r.exitCode === 0 || r.exitCode === 127) return { name, ok: true, detail: `${kind} run --rm ${image}: ok` };
  const fix = kind === 'docker' ? hints.dockerDaemon : hints.cannotRun;
  return { name, ok: false, detail: `${kind} run --rm ${image} failed (exit ${r.exitCode}): ${errorText(r.stderr)}`, fix };
}

async function pickImage(engine: PodmanEngine, signal: AbortSignal): Promise<string | null> {
  for (const image of PREFERRED_IMAGES) if (await engine.imageExists(image)) return image;
  const { stdout } = await engine.cli(['images', '--format', '{{.Repository}}:{{.Tag}}'], { signal });
  return stdout.split('\n').find((l) => l.trim() !== '' && !l.startsWith('<none>')) ?? null;
}

export function skippedAfter(name: string): DoctorCheck {
  return { name, ok: false, skipped: true, detail: 'not checked: an earlier check failed' };
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface PodmanInfo {
  host?: {
    ociRuntime?: { name?: string };
    cgroupVersion?: string;
    cgroupManager?: string;
    security?: { rootless?: boolean };
  };
  store?: { graphDriverName?: string; graphRoot?: string };
}
