/**
 * Each readiness probe kind (log, http, tcp, exec) passing, and timing out: exit 1, a
 * message naming the container, the probe and the elapsed time, the container's last
 * log lines, and nothing left behind.
 */
import { describe, expect, it } from 'vitest';
import { errorLines, fixtureDir, freePort, psJson, tempfs, testProject, useStateDir } from './stack.js';

const stateDir = useStateDir();
const cwd = fixtureDir('probes');

async function portsEnv(): Promise<Record<string, string>> {
  const names = ['HTTP_OK_PORT', 'TCP_OK_PORT', 'HTTP_NEVER_PORT', 'TCP_NEVER_PORT'];
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, String(await freePort())] as const)));
}

describe('readiness probes', () => {
  it('log, http, tcp and exec probes pass', async () => {
    const project = testProject('probe-ok');
    const env = await portsEnv();
    const run = { cwd, stateDir: stateDir(), env };
    const up = await tempfs(['up', '-d', '-p', project, 'log-ok', 'http-ok', 'tcp-ok', 'exec-ok'], run);
    expect(up.code, up.stderr).toBe(0);
    for (const service of ['log-ok', 'http-ok', 'tcp-ok', 'exec-ok']) expect(up.stderr).toMatch(new RegExp(`^${service} ready`, 'm'));
    const ps = await psJson(project, run);
    expect(Object.keys(ps).sort()).toEqual(['exec-ok', 'http-ok', 'log-ok', 'tcp-ok']);
    for (const row of Object.values(ps)) expect(row).toMatchObject({ state: 'running', ready: true });
    // `tcp: 9000` means the host port Podman published for container port 9000.
    expect(up.stderr).toContain(`tcp-ok waiting for tcp 127.0.0.1:${env.TCP_OK_PORT}`);
    // Each probe says when it passed, not only while it is waited for.
    expect(up.stderr).toMatch(new RegExp(`^tcp-ok tcp 127\\.0\\.0\\.1:${env.TCP_OK_PORT} passed \\(after `, 'm'));
    expect(up.stderr).toMatch(/^log-ok log \/ready now\/ passed \(1 of 1 matches\) \(after /m);
    expect((await tempfs(['down', '-p', project], run)).code).toBe(0);
  });

  const timeouts = [
    { service: 'log-never', probe: 'log /will never be printed/', lastLine: 'booting 2' },
    { service: 'http-never', probe: 'http http://127.0.0.1:\\d+/health \\(last status 404\\)', lastLine: 'serving 404s' },
    { service: 'tcp-never', probe: 'tcp 127.0.0.1:\\d+ \\(connection refused\\)', lastLine: 'not listening' },
    { service: 'exec-never', probe: 'exec test -f /tmp/never \\(last exit code 1\\)', lastLine: 'no marker here' },
  ];

  it.concurrent.each(timeouts)('$service: a timeout fails with the probe, the time and the last lines', async ({ service, probe, lastLine }) => {
    const project = testProject('probe-to');
    const up = await tempfs(['up', '-d', '-p', project, service], { cwd, stateDir: stateDir(), env: await portsEnv() });
    expect(up.code, up.stderr).toBe(1);
    const [line, ...more] = errorLines(up.stderr);
    expect(more).toEqual([]);
    expect(line).toMatch(new RegExp(`^error: ${service}: not ready after \\d+\\.\\ds: waiting for ${probe}`));
    // The last log lines follow the message, indented.
    expect(up.stderr).toContain(`\n  ${lastLine}\n`);
    // What this up created is removed (the test's leftover check asserts it).
    expect(up.stderr).toMatch(new RegExp(`^${service} removed`, 'm'));
  });
});
