/**
 * The engine's clear errors against real Podman: a busy host port, a name taken by a
 * container tempfs does not own, and an image that is not present and cannot be pulled.
 */
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { containerName, networkName } from '../../../src/engine/naming.js';
import { ownerLabels } from '../../../src/engine/labels.js';
import { run } from '../../../src/engine/exec.js';
import type { ContainerSpec } from '../../../src/recipe/model.js';
import { container } from '../../helpers/project.js';
import { assertNothingLeft, removeProject, requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';

const engine = new PodmanEngine();
const project = uniqueProject('err');
const session = 'sess-err';
const network = networkName(project);
const foreign = `${project}-foreign`;
let server: Server;

const request = (service: string, overrides: Partial<ContainerSpec> = {}) => ({
  spec: container(service, { image: TEST_IMAGES.busybox, command: ['sleep', '30'], stop_grace_period: 0, ...overrides }),
  name: containerName(project, service),
  project,
  session,
  network,
  labels: {},
});

beforeAll(async () => {
  await requireImages([TEST_IMAGES.busybox]);
  await engine.ensureNetwork(network, ownerLabels(project, session));
  server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
});

afterAll(async () => {
  server.close();
  await run('podman', ['rm', '--force', '--ignore', '--time', '0', foreign]);
  await removeProject(project, engine);
  await assertNothingLeft(project, engine);
});

describe('engine errors', () => {
  it('PORT_IN_USE when the host port is taken', async () => {
    const port = (server.address() as { port: number }).port;
    const req = request('web', { ports: [{ host_ip: '127.0.0.1', host: port, container: 80, protocol: 'tcp' }] });
    await engine.createContainer(req);
    const error = await engine.startContainer(req.name).catch((e) => e);
    expect(error).toMatchObject({ code: 'PORT_IN_USE', message: expect.stringContaining(`127.0.0.1:${port}`) });
    expect(error.hint).toBeTruthy();
  });

  it('PORT_IN_USE too when created and started in one call', async () => {
    const port = (server.address() as { port: number }).port;
    const req = { ...request('web2', { ports: [{ host_ip: '127.0.0.1', host: port, container: 80, protocol: 'tcp' as const }] }), start: true };
    await expect(engine.createContainer(req)).rejects.toMatchObject({ code: 'PORT_IN_USE' });
  });

  it('NAME_CONFLICT when a container tempfs does not own has the name', async () => {
    await run('podman', ['create', '--name', foreign, TEST_IMAGES.busybox, 'true']);
    const error = await engine.createContainer({ ...request('x'), name: foreign }).catch((e) => e);
    expect(error).toMatchObject({ code: 'NAME_CONFLICT', message: expect.stringContaining('does not own') });
  });

  it('NAME_CONFLICT naming the owner when another tempfs container has the name', async () => {
    await engine.createContainer(request('twice'));
    const error = await engine.createContainer(request('twice')).catch((e) => e);
    expect(error).toMatchObject({ code: 'NAME_CONFLICT', message: expect.stringContaining('this project') });
  });

  it('IMAGE_MISSING for an image that is neither local nor pullable', async () => {
    const error = await engine.createContainer(request('noimg', { image: 'localhost/tempfs-no-such-image:missing' })).catch((e) => e);
    expect(error).toMatchObject({ code: 'IMAGE_MISSING', message: expect.stringContaining('localhost/tempfs-no-such-image:missing') });
  });

  it('PODMAN_MISSING with a fix when the binary does not exist', async () => {
    const missing = new PodmanEngine({ binary: '/nonexistent/podman' });
    const error = await missing.version().catch((e) => e);
    expect(error).toMatchObject({ code: 'PODMAN_MISSING', hint: expect.stringContaining('apt-get install -y podman') });
  });
});
