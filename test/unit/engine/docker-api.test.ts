/**
 * The Docker API calls (docker-api.ts) against a stand-in daemon on a unix socket: what is
 * asked (method, path, filters) and how answers are read. The real daemon is the
 * integration tier's (test:docker runs up, down and log readiness through these calls).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerApi, demultiplex } from '../../../src/engine/docker-api.js';
import { reply, standIn, type Handler } from '../../helpers/api-stand-in.js';
import { tempDir } from '../../helpers/temp-dir.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

async function* chunks(...parts: Buffer[]): AsyncIterable<Buffer> {
  for (const part of parts) yield part;
}

async function lines(source: AsyncIterable<{ stream: string; line: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of source) out.push(`${l.stream}:${l.line}`);
  return out;
}

describe('demultiplex', () => {
  it('reads frames split anywhere, keeps stdout and stderr lines apart, and ends with the partial ones', async () => {
    const bytes = Buffer.concat([frame(1, 'one\ntw'), frame(2, 'err\r\n'), frame(1, 'o\nlast'), frame(2, 'tail')]);
    // Every split point: headers and payloads cut in two.
    for (let cut = 1; cut < bytes.length; cut += 3) {
      const got = await lines(demultiplex(chunks(bytes.subarray(0, cut), bytes.subarray(cut))));
      expect(got).toEqual(['stdout:one', 'stderr:err', 'stdout:two', 'stdout:last', 'stderr:tail']);
    }
  });

  it('a stream that is not multiplexed (a TTY) comes out as plain stdout lines, nothing held back', async () => {
    const got = await lines(demultiplex(chunks(Buffer.from('hello world\r\nsecond'), Buffer.from(' line\nthird'))));
    expect(got).toEqual(['stdout:hello world', 'stdout:second line', 'stdout:third']);
    expect(await lines(demultiplex(chunks(Buffer.from('ok\n'))))).toEqual(['stdout:ok']);
  });

  it('a multi-byte character split across frames comes out whole', async () => {
    const euro = Buffer.from('€\n');
    const got = await lines(demultiplex(chunks(Buffer.concat([frame(1, ''), Buffer.from([1, 0, 0, 0, 0, 0, 0, 1]), euro.subarray(0, 1)]), Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 3]), euro.subarray(1)]))));
    expect(got).toEqual(['stdout:€']);
  });
});

async function daemon(handler: Handler): Promise<{ api: DockerApi; seen: string[]; bodies: unknown[] }> {
  const { socket, seen, bodies } = await standIn(handler);
  return { api: new DockerApi(socket), seen, bodies };
}

describe('DockerApi', () => {
  it('lists the ids of all containers with every label, and prunes networks by label', async () => {
    const { api, seen } = await daemon((req, res) => {
      if (req.url?.startsWith('/containers/json')) return reply(res, 200, [{ Id: 'aaa' }, { Id: 'bbb' }]);
      return reply(res, 200, { NetworksDeleted: ['p_default'] });
    });
    expect(await api.containerIds(['io.tempfs.project=p', 'io.tempfs.session=s'])).toEqual(['aaa', 'bbb']);
    expect(await api.pruneNetworks(['io.tempfs.project=p'])).toEqual(['p_default']);
    expect(seen).toEqual([
      'GET /containers/json?all=1&filters={"label":["io.tempfs.project=p","io.tempfs.session=s"]}',
      'POST /networks/prune?filters={"label":["io.tempfs.project=p"]}',
    ]);
  });

  it('creates a labelled bridge network, refusing a duplicate name; a name taken is no error', async () => {
    const { api, seen, bodies } = await daemon((_req, res, text) => {
      const body = JSON.parse(text) as { Name: string };
      if (body.Name === 'taken') return reply(res, 409, { message: 'network with name taken already exists' });
      if (body.Name === 'bad') return reply(res, 500, { message: 'iptables failed' });
      reply(res, 201, { Id: 'n1' });
    });
    expect(await api.createNetwork('p_default', { 'io.tempfs.project': 'p' }, true)).toBe(true);
    expect(await api.createNetwork('taken', {}, false)).toBe(false);
    await expect(api.createNetwork('bad', {}, false)).rejects.toMatchObject({ code: 'PODMAN_FAILED', message: expect.stringContaining('iptables failed') });
    expect(seen[0]).toBe('POST /networks/create');
    expect(bodies[0]).toEqual({ Name: 'p_default', Labels: { 'io.tempfs.project': 'p' }, Internal: true, CheckDuplicate: true, Driver: 'bridge' });
  });

  it('stops with the grace, then removes with volumes; a container already gone is no error', async () => {
    const { api, seen } = await daemon((req, res) => {
      if (req.url?.includes('gone')) return reply(res, 404, { message: 'No such container: gone' });
      return reply(res, req.method === 'POST' ? 304 : 204);
    });
    expect(await api.removeContainer('web', 3)).toBe(true);
    expect(await api.removeContainer('db', 0)).toBe(true);
    expect(await api.removeContainer('gone', 2)).toBe(false);
    expect(seen).toEqual(['POST /containers/web/stop?t=3', 'DELETE /containers/web?force=1&v=1', 'DELETE /containers/db?force=1&v=1', 'POST /containers/gone/stop?t=2']);
  });

  it('waits out a removal already under way (409), and words any other failure with the daemon message', async () => {
    let conflicts = 2;
    const { api } = await daemon((req, res) => {
      if (req.url?.includes('busy')) return conflicts-- > 0 ? reply(res, 409, { message: 'removal of container busy is already in progress' }) : reply(res, 404);
      return reply(res, 500, { message: 'driver failed' });
    });
    expect(await api.removeContainer('busy', 0)).toBe(false);
    expect(conflicts).toBe(-1);
    await expect(api.removeContainer('broken', 0)).rejects.toMatchObject({ code: 'PODMAN_FAILED', message: expect.stringContaining('driver failed') });
  });

  it('follows a log until the daemon ends it; a missing container is NOT_FOUND; an abort ends the lines', async () => {
    const { api } = await daemon((req, res) => {
      if (req.url?.includes('/missing/')) return reply(res, 404, { message: 'No such container: missing' });
      res.writeHead(200);
      res.write(frame(1, 'ready\n'));
      if (req.url?.includes('/forever/')) return; // never ends
      res.end(frame(2, 'bye\n'));
    });
    expect(await lines(api.followLogs('web'))).toEqual(['stdout:ready', 'stderr:bye']);
    await expect(lines(api.followLogs('missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const controller = new AbortController();
    const got: string[] = [];
    for await (const l of api.followLogs('forever', controller.signal)) {
      got.push(l.line);
      controller.abort();
    }
    expect(got).toEqual(['ready']);
  });

  it('a daemon that is not there is a PODMAN_FAILED error naming the socket', async () => {
    const api = new DockerApi(join(tempDir('tempfs-docker-api-'), 'none.sock'));
    await expect(api.containerIds(['a=b'])).rejects.toMatchObject({ code: 'PODMAN_FAILED', message: expect.stringContaining('none.sock') });
  });
});
