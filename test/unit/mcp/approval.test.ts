import { describe, expect, it } from 'vitest';
import { defaultRules, findDestructive, parseRules, rmTargets } from '../../../src/mcp/approval.js';
import { mkdir, symlink } from 'node:fs/promises';
import { Workspace } from '../../../src/mcp/workspace.js';
import { tempDir } from '../../helpers/temp-dir.js';

const set = defaultRules();
const ws = new Workspace(['/work/project']);
const rule = async (command: string) => (await findDestructive(command, set, '/work/project', ws))?.rule;

describe('destructive host commands', () => {
  it.each([
    ['git push --force origin main', 'git-push-force'],
    ['git push -f', 'git-push-force'],
    ['cd x && git push origin +main', 'git-push-force'],
    ['git push --force-with-lease', 'git-push-force'],
    ['sudo dd if=img.iso of=/dev/sdb bs=4M', 'dd-to-device'],
    ['mkfs.ext4 /dev/sdb1', 'mkfs'],
    ['shutdown -h now', 'power'],
    ['sudo reboot', 'power'],
    ['systemctl poweroff', 'power'],
    ['kill -9 -1', 'kill-all'],
    [':(){ :|:& };:', 'fork-bomb'],
    ['chmod -R 777 /', 'chmod-chown-root'],
    ['cat x > /dev/sda', 'write-to-device'],
    ['rm -rf /', 'rm-rf-outside-workspace'],
    ['rm -rf ~/', 'rm-rf-outside-workspace'],
    ['rm -fr ../other', 'rm-rf-outside-workspace'],
    ['rm -r -f /etc', 'rm-rf-outside-workspace'],
    ['echo hi; sudo rm --recursive --force "$HOME"', 'rm-rf-outside-workspace'],
    ['rm -rf build /tmp/x', 'rm-rf-outside-workspace'],
  ])('%s is %s', async (command, name) => {
    expect(await rule(command)).toBe(name);
  });

  it.each([
    'git push origin main',
    'git status && git log -1',
    'dd if=/dev/zero of=disk.img bs=1M count=10',
    'echo hi > /dev/null',
    'rm -rf build dist node_modules',
    'rm -rf /work/project/tmp',
    'rm -r build',
    'rm -f notes.txt',
    'kill -9 1234',
    'npm run build',
    'echo shutdown-notes.md',
  ])('%s is harmless', async (command) => {
    expect(await rule(command)).toBeUndefined();
  });

  it('finds the paths of rm with both -r and -f', () => {
    expect(rmTargets('rm -rf a b; rm -r c; rm -f d; /bin/rm -Rf e')).toEqual(['a', 'b', 'e']);
  });

  it('judges a symlink by where it points', async () => {
    const dir = tempDir('tempfs-approval-');
    await mkdir(`${dir}/ws`);
    await symlink('/etc', `${dir}/ws/link`);
    expect((await findDestructive('rm -rf link', set, `${dir}/ws`, new Workspace([`${dir}/ws`])))?.rule).toBe('rm-rf-outside-workspace');
    expect(await findDestructive('rm -rf sub', set, `${dir}/ws`, new Workspace([`${dir}/ws`]))).toBeUndefined();
  });

  it('a rules file adds patterns and removes built-in rules by name', async () => {
    const custom = parseRules('# mine\n\\bterraform\\s+destroy\\b\n-power\n-rm-rf-outside-workspace\n', 'rules.txt');
    expect((await findDestructive('terraform destroy -auto-approve', custom, '/', ws))?.rule).toBe('rules.txt:2');
    expect(await findDestructive('reboot', custom, '/', ws)).toBeUndefined();
    expect(await findDestructive('rm -rf /', custom, '/', ws)).toBeUndefined();
    expect(() => parseRules('-nope', 'r')).toThrow(/no built-in rule nope/);
    expect(() => parseRules('([', 'r')).toThrow(/r:1: not a regular expression/);
  });
});
