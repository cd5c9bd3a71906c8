// Help is printed by cac while it parses, from the list of commands that the CLI narrows for
// speed (cli/run.ts): the built CLI must still list every command, and a verb's own help.
import { expect, test } from 'vitest';
import { runBuilt } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('tempfs --help lists every command; tempfs config --help shows the verb and its options', async () => {
  const cwd = tempDir('tempfs-help-');
  const help = await runBuilt(['--help'], { cwd });
  expect(help.code).toBe(0);
  for (const verb of ['config', 'validate', 'plan', 'up', 'down', 'ps', 'logs', 'exec', 'mcp']) expect(help.stdout).toMatch(new RegExp(`^  ${verb}\\b`, 'm'));
  const verb = await runBuilt(['config', '--help'], { cwd });
  expect(verb.code).toBe(0);
  expect(verb.stdout).toContain('$ tempfs config');
  expect(verb.stdout).toContain('--format <format>');
  expect(verb.stdout).not.toMatch(/^ {2}validate\b/m);
});
