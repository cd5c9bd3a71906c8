import { describe, expect, it } from 'vitest';
import { isTempfsError } from '../../../src/errors.js';
import { monitorEntry } from '../../../src/monitor/launcher.js';
import { monitorArgv, parseMonitorArgv, type MonitorConfig } from '../../../src/monitor/monitor-args.js';
import { isMonitorArgv, monitorSessionOf } from '../../../src/monitor/proc.js';
import { monitorLogPath, resolveStateDir, sessionRecordPath } from '../../../src/monitor/state-dir.js';
import { expiresFromLabels, ttlCreateArgs, ttlLabels } from '../../../src/monitor/ttl.js';

describe('state dir', () => {
  it('prefers TEMPFS_STATE_DIR, then XDG_STATE_HOME, then ~/.local/state', () => {
    expect(resolveStateDir({ TEMPFS_STATE_DIR: '/s', XDG_STATE_HOME: '/x' }, '/home/u')).toBe('/s');
    expect(resolveStateDir({ XDG_STATE_HOME: '/x' }, '/home/u')).toBe('/x/tempfs');
    expect(resolveStateDir({ XDG_STATE_HOME: '' }, '/home/u')).toBe('/home/u/.local/state/tempfs');
  });

  it('names records and logs after the session and refuses unsafe ids', () => {
    expect(sessionRecordPath('/s', 'abc-1')).toBe('/s/sessions/abc-1.json');
    expect(monitorLogPath('/s', 'abc-1')).toBe('/s/logs/abc-1.log');
    for (const bad of ['../x', '', 'a/b', '.hidden']) {
      expect(() => sessionRecordPath('/s', bad)).toThrow(/invalid session id/);
    }
  });
});

describe('monitor argv', () => {
  const config: MonitorConfig = {
    session: 's1',
    project: 'demo',
    mode: 'detached',
    ownerPid: 42,
    graceMs: 1500,
    expiresAt: 1700000000000,
    stateDir: '/state',
    podmanPath: '/usr/bin/podman',
    podmanChecked: true,
    pollMs: 500,
  };

  it('round-trips through the command line', () => {
    expect(parseMonitorArgv(monitorArgv(config))).toEqual(config);
    const bare = { ...config, expiresAt: null, podmanPath: undefined, podmanChecked: false };
    expect(parseMonitorArgv(monitorArgv(bare))).toEqual(bare);
    const flags = { ...config, keepOnOwnerDeath: true, networksOnly: true, pods: true };
    expect(parseMonitorArgv(monitorArgv(flags))).toEqual(flags);
  });

  it('rejects a bad mode or a missing number', () => {
    const argv = monitorArgv(config);
    argv[argv.indexOf('--mode') + 1] = 'sometimes';
    expect(() => parseMonitorArgv(argv)).toThrow(/--mode/);
    const error = (() => {
      try {
        parseMonitorArgv(monitorArgv(config).map((a) => (a === '1500' ? 'soon' : a)));
      } catch (e) {
        return e;
      }
    })();
    expect(isTempfsError(error, 'USAGE')).toBe(true);
  });

  it('is how a monitor is recognised in /proc/<pid>/cmdline', () => {
    const argv = ['/usr/bin/node', '/opt/tempfs/dist/monitor/main.js', ...monitorArgv(config)];
    expect(monitorSessionOf(argv)).toBe('s1');
    expect(isMonitorArgv(argv, 's1')).toBe(true);
    expect(isMonitorArgv(argv, 's2')).toBe(false);
    expect(monitorSessionOf(['/usr/bin/node', '/opt/other.js', '--session', 's1'])).toBeNull();
  });
});

describe('ttl', () => {
  it('labels containers with the expiry in epoch ms', () => {
    expect(ttlLabels(3000, 1000)).toEqual({ 'io.tempfs.expires': '4000' });
    expect(ttlLabels(null, 1000)).toEqual({});
  });

  it('passes Podman a --timeout in whole seconds, rounded up', () => {
    expect(ttlCreateArgs(3000)).toEqual(['--timeout', '3']);
    expect(ttlCreateArgs(2500)).toEqual(['--timeout', '3']);
    expect(ttlCreateArgs(10)).toEqual(['--timeout', '1']);
    expect(ttlCreateArgs(undefined)).toEqual([]);
  });

  it('reads the earliest expiry back from labels', () => {
    expect(expiresFromLabels([{ 'io.tempfs.expires': '900' }, { 'io.tempfs.expires': '500' }, {}])).toBe(500);
    expect(expiresFromLabels([{}, { 'io.tempfs.expires': 'soon' }])).toBeNull();
  });
});

describe('monitorEntry', () => {
  it('is dist/monitor/main.js from tsc output, from a bundle chunk and from the sources', () => {
    expect(monitorEntry('file:///pkg/dist/monitor/launcher.js')).toBe('/pkg/dist/monitor/main.js');
    expect(monitorEntry('file:///pkg/dist/bundle/chunk-AB12.mjs')).toBe('/pkg/dist/monitor/main.js');
    expect(monitorEntry('file:///pkg/src/monitor/launcher.ts')).toBe('/pkg/dist/monitor/main.js');
  });
});
