/** `tempfs doctor` on Docker: the CLI, the daemon (version, storage, runtime), and a container run. */
import { isTempfsError } from '../errors.js';
import type { DockerEngine } from './docker.js';
import { canRun, message, skippedAfter, type DoctorCheck } from './doctor.js';
import { detectGpus, gpuCheck } from './gpus.js';
import { hints } from './hints.js';

export async function runDockerDoctor(engine: DockerEngine, signal: AbortSignal): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const client = await engine.cli(['version', '--format', '{{.Client.Version}}'], { signal, check: false }).then(
    (r) => ({ ok: r.stdout.trim() !== '', detail: `${engine.binary}: Docker client ${r.stdout.trim() || '?'}`, fix: hints.dockerMissing }),
    (e: unknown) => ({ ok: false, detail: message(e), fix: isTempfsError(e) ? e.hint : hints.dockerMissing }),
  );
  checks.push({ name: 'docker on PATH', ...client, ...(client.ok ? { fix: undefined } : {}) });
  if (!client.ok) return [...checks, ...['daemon', 'storage', 'run a container'].map(skippedAfter)];
  const daemon = await engine.version().then(
    (v) => ({ name: 'daemon', ok: true, detail: `dockerd ${v} (20.10 or newer needed)` }),
    (e: unknown) => ({ name: 'daemon', ok: false, detail: message(e), fix: isTempfsError(e) && e.hint ? e.hint : hints.dockerDaemon }),
  );
  checks.push(daemon);
  if (!daemon.ok) return [...checks, ...['storage', 'run a container'].map(skippedAfter)];
  const info = await engine.cli(['info', '--format', '{{json .}}'], { signal }).then(
    (r) => JSON.parse(r.stdout) as DockerInfo,
    () => ({}) as DockerInfo,
  );
  checks.push({
    name: 'storage',
    ok: Boolean(info.Driver),
    detail: `${info.Driver ?? 'none'} at ${info.DockerRootDir ?? '?'} (runtime ${info.DefaultRuntime ?? '?'}, cgroups ${info.CgroupVersion ?? '?'}, init ${info.InitBinary || 'none'})`,
    ...(info.Driver ? {} : { fix: 'run `docker info` by hand and fix what it reports' }),
  });
  checks.push(await canRun(engine, signal));
  checks.push(gpuCheck(await detectGpus(signal)));
  return checks;
}

interface DockerInfo {
  Driver?: string;
  DockerRootDir?: string;
  DefaultRuntime?: string;
  CgroupVersion?: string;
  InitBinary?: string;
}
