/**
 * PodmanEngine against real Podman: limits, labels, logs, exec, wait, networks and
 * volumes. Every object carries this file's project label; afterAll asserts none is left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { Labels, type LogLine } from '../../../src/engine/engine.js';
import { containerName, networkName, volumeName } from '../../../src/engine/naming.js';
import { configHash } from '../../../src/engine/config-hash.js';
import { ownerLabels } from '../../../src/engine/labels.js';
import type { ContainerSpec } from '../../../src/recipe/model.js';
import { container } from '../../helpers/project.js';
import { assertNothingLeft, removeProject, requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';

const engine = new PodmanEngine();
const project = uniqueProject('eng');
const session = 'sess-1';
const network = networkName(project);

async function start(service: string, script: string, overrides: Partial<ContainerSpec> = {}): Promise<string> {
  const spec = container(service, { image: TEST_IMAGES.busybox, command: ['sh', '-c', script], stop_grace_period: 0, ...overrides });
  const name = containerName(project, service);
  await engine.createContainer({ spec, name, project, session, network, labels: { [Labels.configHash]: configHash(spec) } });
  await engine.startContainer(name);
  return name;
}

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const l of lines) out.push(l);
  return out;
}

beforeAll(async () => {
  await requireImages([TEST_IMAGES.busybox]);
  await engine.ensureNetwork(network, ownerLabels(project, session));
});

afterAll(async () => {
  await removeProject(project, engine);
  await assertNothingLeft(project, engine);
});

describe('PodmanEngine lifecycle', () => {
  it('reports a supported version', async () => {
    expect(await engine.version()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('applies exactly the memory, swap, cpus and pids limits asked for', async () => {
    const name = await start('limits', 'sleep 30', {
      resources: { cpus: 0.5, memory: 64 * 2 ** 20, memory_swap: 96 * 2 ** 20, pids: 42 },
    });
    const host = (await engine.inspectRaw(name))!.HostConfig as Record<string, unknown>;
    expect(host).toMatchObject({ Memory: 67108864, MemorySwap: 100663296, NanoCpus: 500000000, PidsLimit: 42, Init: true });
  });

  it('creates and starts in one call when asked', async () => {
    const spec = container('quick', { image: TEST_IMAGES.busybox, command: ['sleep', '30'], stop_grace_period: 0 });
    const name = containerName(project, 'quick');
    await engine.createContainer({ spec, name, project, session, network, labels: {}, start: true });
    expect(await engine.inspectContainer(name)).toMatchObject({ state: 'running' });
  });

  it('lets containers reach each other by service name on the project network', async () => {
    await start('web', 'echo hello > /tmp/index.html; httpd -f -p 8080 -h /tmp');
    const client = container('client', { image: TEST_IMAGES.busybox, command: ['sh', '-c', 'until wget -q -O- http://web:8080/index.html; do sleep 0.1; done'] });
    const name = containerName(project, 'client');
    await engine.createContainer({ spec: client, name, project, session, network, labels: {}, autoRemove: true });
    expect(await engine.startAttached(name, { inherit: false })).toMatchObject({ exitCode: 0, stdout: 'hello' });
  });

  it('reads the labels back through listContainers', async () => {
    const list = await engine.listContainers({ project, service: 'limits' });
    expect(list).toHaveLength(1);
    expect(list[0]!.labels).toMatchObject({
      [Labels.project]: project,
      [Labels.service]: 'limits',
      [Labels.session]: session,
      [Labels.configHash]: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(list[0]!.state).toBe('running');
    expect(await engine.listContainers({ project, service: 'nobody' })).toEqual([]);
  });

  it('streams logs with stdout and stderr apart, and follow ends when the container exits', async () => {
    const name = await start('logs', 'echo out-1; echo err-1 >&2; sleep 1; echo out-2');
    const lines = await collect(engine.logs(name, { follow: true }));
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['out-1', 'out-2']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['err-1']);
    expect(await collect(engine.logs(name, { tail: 1 }))).toEqual([{ stream: 'stdout', line: 'out-2' }]);
  });

  it('stops following logs when the signal aborts', async () => {
    const name = await start('chatty', 'while true; do echo tick; sleep 0.1; done');
    const controller = new AbortController();
    let seen = 0;
    for await (const _ of engine.logs(name, { follow: true, signal: controller.signal })) {
      if (++seen === 3) controller.abort();
    }
    expect(seen).toBeGreaterThanOrEqual(3);
  });

  it('waits for the exit code', async () => {
    const name = await start('job', 'sleep 0.3; exit 3');
    expect(await engine.waitContainer(name)).toBe(3);
    expect(await engine.inspectContainer(name)).toMatchObject({ state: 'exited', exitCode: 3 });
  });

  it('runs a --rm one-off attached and returns its exit code and output', async () => {
    const spec = container('oneoff', { image: TEST_IMAGES.busybox, command: ['sh', '-c', 'echo attached; exit 5'] });
    const name = containerName(project, 'oneoff');
    await engine.createContainer({ spec, name, project, session, network, labels: {}, autoRemove: true });
    const result = await engine.startAttached(name, { inherit: false });
    expect(result).toMatchObject({ exitCode: 5, stdout: 'attached' });
    expect(await engine.inspectContainer(name)).toBeNull();
  });

  it('execs with env, workdir, user and input, passing the exit code through', async () => {
    const name = containerName(project, 'limits');
    const r = await engine.exec(name, ['sh', '-c', 'echo "$GREETING $(pwd) $(id -u)"; cat; exit 4'], {
      env: { GREETING: 'hi there' },
      workdir: '/tmp',
      user: '65534',
      input: 'from-stdin',
    });
    expect(r).toEqual({ exitCode: 4, stdout: 'hi there /tmp 65534\nfrom-stdin', stderr: '' });
  });

  it('refuses exec in a container that is not running', async () => {
    await expect(engine.exec(containerName(project, 'job'), ['true'])).rejects.toMatchObject({ code: 'NOT_RUNNING' });
    await expect(engine.exec(`${project}-ghost-1`, ['true'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates networks and volumes idempotently with labels, and removes them idempotently', async () => {
    const volume = volumeName(project, 'data');
    await engine.ensureVolume(volume, ownerLabels(project, session));
    await engine.ensureVolume(volume, ownerLabels(project, session));
    await engine.ensureNetwork(network, ownerLabels(project, session));
    expect(await engine.listVolumes({ project })).toEqual([volume]);
    expect(await engine.listNetworks({ project, session })).toEqual([network]);
    await engine.removeVolume(volume);
    await engine.removeVolume(volume);
    expect(await engine.listVolumes({ project })).toEqual([]);
  });

  it('ensureNetwork: a create that fails for another reason than an existing network is an error', async () => {
    // An invalid name: `network create` fails and no such network exists.
    await expect(engine.ensureNetwork(`${project}/bad name`, ownerLabels(project, session))).rejects.toMatchObject({ code: 'PODMAN_FAILED' });
  });

  it('lists volumes matching every label given (Podman 4.3 ORs them on its own)', async () => {
    const named = volumeName(project, 'kept');
    const scratch = volumeName(project, 'scratch');
    await engine.ensureVolume(named, ownerLabels(project, session));
    await engine.ensureVolume(scratch, { ...ownerLabels(project, session), [Labels.ephemeral]: 'true' });
    expect(await engine.listVolumes({ project, ephemeral: 'true' })).toEqual([scratch]);
    expect((await engine.listVolumes({ session })).sort()).toEqual([named, scratch].sort());
    await Promise.all([engine.removeVolume(named), engine.removeVolume(scratch)]);
  });

  it('removes running and missing containers in one call', async () => {
    const names = (await engine.listContainers({ project })).map((c) => c.name);
    expect(names.length).toBeGreaterThan(0);
    await engine.removeContainers([...names, `${project}-ghost-1`], 0);
    expect(await engine.listContainers({ project })).toEqual([]);
    expect(await engine.inspectContainer(names[0]!)).toBeNull();
  });
});
