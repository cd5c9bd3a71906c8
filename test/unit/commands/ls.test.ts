import { describe, expect, it } from 'vitest';
import { projectRows } from '../../../src/commands/ls.js';
import type { ContainerInfo } from '../../../src/engine/engine.js';

const c = (name: string, labels: Record<string, string>, state: ContainerInfo['state'] = 'running'): ContainerInfo => ({
  id: name, name, image: 'x', state, exitCode: null, startedAt: null, labels, ports: [],
});

describe('projectRows', () => {
  it('groups by the project label, counts running ones, and shows the earliest TTL', () => {
    const rows = projectRows(
      [
        c('b-web-1', { 'io.tempfs.project': 'b', 'io.tempfs.service': 'web', 'io.tempfs.expires': '70000' }),
        c('b-db-1', { 'io.tempfs.project': 'b', 'io.tempfs.service': 'db', 'io.tempfs.expires': '40000' }, 'exited'),
        c('a-box-1', { 'io.tempfs.project': 'a', 'io.tempfs.service': 'box' }),
        c('stranger', {}),
      ],
      10_000,
    );
    expect(rows).toEqual([
      { project: 'a', running: 1, containers: 1, services: ['box'], ttlLeftSec: null },
      { project: 'b', running: 1, containers: 2, services: ['db', 'web'], ttlLeftSec: 30 },
    ]);
  });
});
