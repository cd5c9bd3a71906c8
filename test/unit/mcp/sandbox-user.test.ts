/** Who an agent's sandbox runs as, and what its spec turns into for the engine. */
import { describe, expect, it } from 'vitest';
import { buildCreateArgs } from '../../../src/engine/run-args.js';
import { sandboxProject, sandboxSpec } from '../../../src/mcp/sandbox-spec.js';
import { findAccount, pickUser } from '../../../src/mcp/sandbox-user.js';
import { networkAttachments } from '../../../src/stack/networks.js';

const UBUNTU = 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n';
const DEBIAN = 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n';

describe('pickUser', () => {
  it('takes the uid-1000 account when the image has one, with its HOME', () => {
    expect(pickUser(undefined, { configured: null, passwd: UBUNTU })).toEqual({ user: '1000:1000', home: '/home/ubuntu', shown: 'ubuntu (1000)' });
  });

  it('keeps the image\'s own user when it names one', () => {
    expect(pickUser(undefined, { configured: 'app', passwd: null })).toEqual({ user: null, home: null, shown: 'app' });
  });

  it('falls back to root when there is no such account or the passwd could not be read', () => {
    expect(pickUser(undefined, { configured: null, passwd: DEBIAN })).toEqual({ user: null, home: '/root', shown: 'root' });
    expect(pickUser(undefined, { configured: null, passwd: null }).shown).toBe('root');
  });

  it('uses what the call asks for, with its HOME when the passwd knows it', () => {
    expect(pickUser('nobody', { configured: null, passwd: DEBIAN })).toEqual({ user: 'nobody', home: '/nonexistent', shown: 'nobody' });
    expect(pickUser('root', null)).toEqual({ user: 'root', home: '/root', shown: 'root' });
    expect(pickUser('4242:4242', null)).toEqual({ user: '4242:4242', home: null, shown: '4242:4242' });
  });

  it('finds accounts by name or uid, ignoring a :group and broken lines', () => {
    expect(findAccount(`garbage\n${UBUNTU}`, '1000:50')?.name).toBe('ubuntu');
    expect(findAccount(UBUNTU, 'nobody')?.uid).toBe(65534);
    expect(findAccount(UBUNTU, 'nope')).toBeUndefined();
  });
});

describe('sandboxSpec', () => {
  const spec = sandboxSpec({
    service: 'box1',
    image: 'localhost/tempfs-debian:test',
    volumes: [{ type: 'bind', source: '/w/src', target: '/workspace/src', read_only: true, options: [] }],
    network: 'default',
    ports: [8000],
    memory: 2 * 1024 ** 3,
    cpus: 1,
    env: { A: '1' },
    workdir: '/workspace/src',
    user: { user: '1000:1000', home: '/home/ubuntu', shown: 'ubuntu (1000)' },
  });
  const p = sandboxProject('mcp-1234', '/w', spec);
  const args = buildCreateArgs({ spec, name: 'mcp-1234-box1-1', project: p.name, session: 's1', network: 'mcp-1234_default', networks: networkAttachments(p, spec), labels: {} });

  it('is hardened as ephemeral: read-only image, capped tmpfs with HOME, no capabilities, no new privileges, limits', () => {
    expect(args).toEqual(expect.arrayContaining(['--rm', '--init', '--read-only', '--cap-drop=ALL', '--security-opt', 'no-new-privileges']));
    expect(args.join(' ')).toMatch(/--memory 2147483648 --memory-swap 2147483648 --pids-limit 1024/);
    expect(args.join(' ')).toMatch(/--cpus 1 /);
    expect(args.filter((_, i) => args[i - 1] === '--tmpfs').map((t) => t.split(':')[0])).toEqual(['/tmp', '/var/tmp', '/run', '/home/ubuntu']);
  });

  it('binds the workspace read-only, publishes on 127.0.0.1 only, runs as the chosen user, waits with sleep', () => {
    expect(args.join(' ')).toMatch(/-v \/w\/src:\/workspace\/src:ro/);
    expect(args.join(' ')).toMatch(/-p 127\.0\.0\.1::8000\/tcp/);
    expect(args.join(' ')).toMatch(/--user 1000:1000 --workdir \/workspace\/src/);
    expect(args.join(' ')).toMatch(/-e HOME=\/home\/ubuntu -e A=1/);
    expect(args.slice(-3)).toEqual(['--', 'localhost/tempfs-debian:test', 'infinity']);
    expect(args.slice(args.indexOf('--entrypoint'), args.indexOf('--entrypoint') + 2)).toEqual(['--entrypoint', '["sleep"]']);
  });

  it('joins the default network and the internal one, so internal siblings reach it by name', () => {
    expect(args.filter((_, i) => args[i - 1] === '--network')).toEqual(['mcp-1234_default:alias=box1', 'mcp-1234__internal:alias=box1']);
  });
});
