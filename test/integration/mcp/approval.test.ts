/**
 * Human in the loop through the official MCP client: with --allow-host, a destructive
 * host command asks the client's user (elicitation), runs when approved and is refused
 * when declined; a client without elicitation gets a refusal that says why; --yes
 * skips asking; commands in the sandbox never ask. The destructive commands chosen here
 * do no harm even if they ran (no git repository, paths that do not exist).
 */
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { mcpServerPerFile, startMcp } from './mcp-client.js';

const asked: string[] = [];
let answer: ElicitResult = { action: 'decline' };
/** A client that can ask its user: it records each question and gives `answer`. */
const { mcp: asking, env, workspace } = mcpServerPerFile('mcpapprove', {
  clientOptions: { capabilities: { elicitation: {} } },
  prepare: (client) =>
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return answer;
    }),
});

describe('approval of destructive host commands', () => {
  it('runs one the user approves', async () => {
    asked.length = 0;
    answer = { action: 'accept', content: { run: true } };
    const r = await asking.call('terminal_execute', { command: 'git push --force origin main', target: 'host' });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('git push --force origin main');
    expect(asked[0]).toContain('git-push-force');
    // It ran: git itself answers (this folder is no repository).
    expect(r.isError).toBe(false);
    expect(r.data.output).toMatch(/not a git repository/);
  });

  it('refuses one the user declines, and it does not run', async () => {
    asked.length = 0;
    answer = { action: 'decline' };
    const r = await asking.call('terminal_execute', { command: `rm -rf /tempfs-approval-nonexistent; touch ${workspace}/ran`, target: 'host' });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('rm-rf-outside-workspace');
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^REFUSED: the user declined running on the host/);
    const ran = await asking.call('file_list', { path: '.', target: 'host' });
    expect(ran.data.entries).toEqual([]);
  });

  it('asks nothing for harmless host commands, nor for anything in the sandbox', async () => {
    asked.length = 0;
    expect((await asking.call('terminal_execute', { command: 'rm -rf ./build && echo ok', target: 'host' })).data.output).toBe('ok');
    const sandbox = await asking.call('terminal_execute', { command: 'rm -rf /tempfs-nonexistent && git push --force 2>/dev/null; echo sandbox ran' });
    expect(sandbox.data.output).toBe('sandbox ran');
    expect(asked).toEqual([]);
  });

  it('asks before text typed into a host terminal', async () => {
    asked.length = 0;
    answer = { action: 'decline' };
    await asking.call('terminal_create', { name: 'sh1', target: 'host' });
    const typed = await asking.call('terminal_input', { processId: 'sh1', input: 'sudo reboot\n' });
    expect(typed.isError).toBe(true);
    expect(asked[0]).toContain('power');
    await asking.call('terminal_destroy', { terminalId: 'sh1' });
  });

  it('a client without elicitation gets the refusal; --yes skips asking', async () => {
    const plain = await startMcp(['--allow-host'], env, workspace);
    try {
      const r = await plain.call('terminal_execute', { command: 'git push -f', target: 'host' });
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/REFUSED: refused to run on the host: "git push -f" matches the destructive rule git-push-force .*cannot ask its user/);
      expect(r.text).toContain('--yes');
    } finally {
      await plain.client.close();
    }
    const yes = await startMcp(['--allow-host', '--yes'], env, workspace);
    try {
      const r = await yes.call('terminal_execute', { command: 'git push -f' });
      expect(r.data.output).toMatch(/not a git repository/);
    } finally {
      await yes.client.close();
    }
  });
});
