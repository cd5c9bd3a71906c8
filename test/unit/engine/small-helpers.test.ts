import { describe, expect, it } from 'vitest';
import { isAtLeast, parseVersion } from '../../../src/engine/version.js';
import { canonicalJson, configHash } from '../../../src/engine/config-hash.js';
import { labelFilterArgs, ownedBy, ownerLabels, removalFilterArgs } from '../../../src/engine/labels.js';
import { busyPort } from '../../../src/engine/start-errors.js';
import { homeOf } from '../../../src/recipe/ephemeral.js';
import { spec } from './spec-fixture.js';

describe('version', () => {
  it('parses podman --version output and compares', () => {
    expect(parseVersion('podman version 4.3.1')).toEqual([4, 3, 1]);
    expect(parseVersion('5.0')).toEqual([5, 0, 0]);
    expect(parseVersion('no digits')).toBeNull();
    expect(isAtLeast([4, 3, 1], [4, 3, 0])).toBe(true);
    expect(isAtLeast([4, 3, 0], [4, 3, 0])).toBe(true);
    expect(isAtLeast([4, 2, 9], [4, 3, 0])).toBe(false);
    expect(isAtLeast([3, 9, 9], [4, 3, 0])).toBe(false);
    expect(isAtLeast([5, 0, 0], [4, 3, 0])).toBe(true);
  });
});

describe('configHash', () => {
  it('ignores key order and the fields that do not change the container', () => {
    const a = spec({ environment: { A: '1', B: '2' } });
    const b = spec({ environment: { B: '2', A: '1' }, roles: ['base'], ttl: 5000, depends_on: { db: { condition: 'ready' } } });
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes with what does change the container', () => {
    const base = configHash(spec());
    expect(configHash(spec({ image: 'other' }))).not.toBe(base);
    expect(configHash(spec({ resources: { cpus: 2, memory: null, memory_swap: null, pids: null } }))).not.toBe(base);
    expect(configHash(spec(), { models: { q: '/a' } })).not.toBe(base);
  });

  it('writes canonical JSON', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: null }], a: 'x', u: undefined })).toBe('{"a":"x","b":[1,{"c":null,"d":1}]}');
  });
});

describe('labels', () => {
  it('builds ANDed label filters in a fixed order', () => {
    expect(labelFilterArgs({ session: 's', project: 'p' })).toEqual([
      '--filter', 'label=io.tempfs.session=s', '--filter', 'label=io.tempfs.project=p',
    ]);
    expect(labelFilterArgs({})).toEqual([]);
  });

  it('refuses a removal by label without a label (it would select every container)', () => {
    expect(removalFilterArgs({ session: 's' })).toEqual(['--filter', 'label=io.tempfs.session=s']);
    expect(() => removalFilterArgs({})).toThrow(/at least one label/);
    expect(() => removalFilterArgs({ session: undefined })).toThrow(/at least one label/);
  });

  it('builds and recognises ownership labels', () => {
    const labels = ownerLabels('p', 's', 'web');
    expect(labels).toEqual({ 'io.tempfs.project': 'p', 'io.tempfs.session': 's', 'io.tempfs.service': 'web' });
    expect(ownedBy(labels, 'p')).toBe(true);
    expect(ownedBy(labels, 'q')).toBe(false);
    expect(ownedBy(null, 'p')).toBe(false);
  });
});

describe('busyPort', () => {
  it('finds the busy address in Podman 4.3 start errors', () => {
    const stderr = 'Error: unable to start container "05": cannot listen on the TCP port: listen tcp4 127.0.0.1:18931: bind: address already in use';
    expect(busyPort(stderr)).toBe('127.0.0.1:18931');
    expect(busyPort('Error: rootlessport listen tcp 0.0.0.0:80: bind: address already in use')).toBe('0.0.0.0:80');
    expect(busyPort('Error: something else')).toBeNull();
  });
});

describe('homeOf', () => {
  it('knows root, named users, HOME and gives up on bare uids', () => {
    expect(homeOf({ user: null, environment: {} })).toBe('/root');
    expect(homeOf({ user: '0:0', environment: {} })).toBe('/root');
    expect(homeOf({ user: 'ubuntu', environment: {} })).toBe('/home/ubuntu');
    expect(homeOf({ user: '1000', environment: {} })).toBeNull();
    expect(homeOf({ user: '1000', environment: { HOME: '/h' } })).toBe('/h');
  });
});
