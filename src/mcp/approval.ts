/**
 * Human in the loop for host commands (`--allow-host`). A command that matches a rule of
 * the destructive list below asks the user through MCP elicitation when the client
 * supports it, and is refused with a clear message when it does not; `tempfs mcp --yes`
 * skips asking. Commands in a sandbox never ask: the sandbox is the safety.
 *
 * The list is DESTRUCTIVE_RULES; `tempfs mcp --approval-rules FILE` adjusts it: each
 * line of FILE is a JavaScript regular expression tested on the whole command line (a
 * rule added), or `-NAME` (the built-in rule NAME removed); `#` starts a comment.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TempfsError } from '../errors.js';
import type { Workspace } from './workspace.js';

export interface DestructiveRule {
  name: string;
  /** Tested on the whole command line. */
  pattern: RegExp;
  why: string;
}

/** One simple command's words: what a separator (`;`, `&`, `|`, newline, `(`, backquote, `$(`) ends. */
const WORDS = String.raw`[^;&|\n()\x60]*`;
/** `names` as the command word of a simple command (after sudo and the like, with or without a folder). */
const commandWord = (names: string) =>
  new RegExp(String.raw`(^|[;&|(\x60\n]|\$\()\s*((sudo|doas|exec|nohup|command)\s+(-\S+\s+)*)*(\S*/)?(${names})(?=\s|$|[;&|)])`);

const DESTRUCTIVE_RULES: readonly DestructiveRule[] = [
  { name: 'git-push-force', pattern: new RegExp(String.raw`\bgit\b${WORDS}\bpush\b${WORDS}(\s--force(-with-lease)?\b|\s-[a-zA-Z]*f[a-zA-Z]*\b|\s\+[^\s]+)`), why: 'rewrites history on a remote' },
  { name: 'dd-to-device', pattern: new RegExp(String.raw`\bdd\b${WORDS}\bof=/dev/(?!null\b|zero\b|stdout\b|stderr\b)`), why: 'writes over a device' },
  { name: 'write-to-device', pattern: /(^|[^0-9&])>\s*\/dev\/(sd|nvme|hd|vd|xvd|mmcblk|disk|mapper\/)/, why: 'writes over a device' },
  { name: 'mkfs', pattern: commandWord(String.raw`mkfs(\.\w+)?|mke2fs|mkswap|wipefs`), why: 'formats a device' },
  { name: 'partition', pattern: commandWord('fdisk|sfdisk|parted|gdisk'), why: 'changes partitions' },
  { name: 'power', pattern: new RegExp(`${commandWord('shutdown|reboot|poweroff|halt').source}|\\bsystemctl\\s+(poweroff|reboot|halt|kexec|suspend|hibernate)\\b|${commandWord('init').source}\\s+[06]\\b`), why: 'stops or restarts this machine' },
  { name: 'kill-all', pattern: new RegExp(String.raw`\b(kill\b${WORDS}\s-1(\s|$)|killall5\b|pkill\s+(-\w+\s+)*-u\b)`), why: 'signals every process of the user' },
  { name: 'fork-bomb', pattern: /:\s*\(\s*\)\s*\{[^}]*:\s*\|\s*:/, why: 'exhausts the machine' },
  { name: 'chmod-chown-root', pattern: new RegExp(String.raw`\b(chmod|chown|chgrp)\b${WORDS}\s-[a-zA-Z]*R${WORDS}\s/(\s|$|\*)`), why: 'changes permissions of the whole filesystem' },
];

/** The built-in check beside the patterns: `rm` with -r and -f on a path outside the workspace. */
const RM_RULE = { name: 'rm-rf-outside-workspace', why: 'deletes recursively outside the workspace' };

export interface RuleSet {
  rules: DestructiveRule[];
  /** The rm check is on unless the rules file removed it (`-rm-rf-outside-workspace`). */
  rmOutsideWorkspace: boolean;
}

export function defaultRules(): RuleSet {
  return { rules: [...DESTRUCTIVE_RULES], rmOutsideWorkspace: true };
}

/** The default list adjusted by a rules file (see the module comment). */
export function parseRules(text: string, source: string): RuleSet {
  const set = defaultRules();
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    if (line.startsWith('-')) {
      const name = line.slice(1);
      if (name === RM_RULE.name) return void (set.rmOutsideWorkspace = false);
      if (!set.rules.some((r) => r.name === name)) {
        throw new TempfsError('USAGE', `${source}:${index + 1}: there is no built-in rule ${name}`, {
          hint: `built-in rules: ${[RM_RULE.name, ...DESTRUCTIVE_RULES.map((r) => r.name)].join(', ')}`,
        });
      }
      set.rules = set.rules.filter((r) => r.name !== name);
      return;
    }
    try {
      set.rules.push({ name: `${source}:${index + 1}`, pattern: new RegExp(line), why: `matches /${line}/ of ${source}` });
    } catch (error) {
      throw new TempfsError('USAGE', `${source}:${index + 1}: not a regular expression: ${(error as Error).message}`);
    }
  });
  return set;
}

export async function loadRules(file: string | undefined): Promise<RuleSet> {
  if (file === undefined) return defaultRules();
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new TempfsError('USAGE', `cannot read the approval rules ${file}: ${error.code ?? error.message}`);
  });
  return parseRules(text, file);
}

export interface Finding {
  rule: string;
  why: string;
}

/** The first rule `command` matches, run from `cwd` in this workspace; undefined: harmless. */
export async function findDestructive(command: string, set: RuleSet, cwd: string, workspace: Workspace): Promise<Finding | undefined> {
  const rule = set.rules.find((r) => r.pattern.test(command));
  if (rule) return { rule: rule.name, why: rule.why };
  if (set.rmOutsideWorkspace) {
    for (const target of rmTargets(command)) {
      if (!isPlainPath(target) || !(await workspace.contains(resolve(cwd, target)))) {
        return { rule: RM_RULE.name, why: `${RM_RULE.why} (${target})` };
      }
    }
  }
  return undefined;
}

/** The paths of every `rm` in the command line that has both -r (or -R, --recursive) and -f (--force). */
export function rmTargets(command: string): string[] {
  const targets: string[] = [];
  for (const simple of command.split(/[;&|\n()`]|\$\(/)) {
    const words = simple.trim().split(/\s+/).map((w) => w.replace(/^['"]|['"]$/g, ''));
    while (words.length > 0 && (/^(sudo|doas|command|exec|nice|nohup|time|env)$/.test(words[0]!) || /^\w+=/.test(words[0]!))) words.shift();
    if (!/^(\S*\/)?rm$/.test(words[0] ?? '')) continue;
    const flags = words.slice(1).filter((w) => w.startsWith('-') && w !== '--');
    const short = flags.filter((f) => !f.startsWith('--')).join('');
    const recursive = /[rR]/.test(short) || flags.includes('--recursive');
    const force = /f/.test(short) || flags.includes('--force');
    if (recursive && force) targets.push(...words.slice(1).filter((w) => !w.startsWith('-') && w !== ''));
  }
  return targets;
}

/** A path the check can judge: no variables, home, globs at the root or command substitution. */
function isPlainPath(path: string): boolean {
  return !/[$~`]/.test(path) && !/^\/\*?$/.test(path) && !/^\/[^/]*\*/.test(path);
}

export interface ApprovalOptions {
  /** `--yes`: never ask. */
  yes: boolean;
  rules: RuleSet;
}

/** Asks the MCP client's user before a destructive host command runs. */
export class Approver {
  constructor(
    private readonly server: McpServer,
    private readonly options: ApprovalOptions,
    private readonly workspace: Workspace,
  ) {}

  /** Resolves when `command` may run on the host (harmless, approved, or --yes); throws REFUSED otherwise. */
  async check(command: string, cwd: string | undefined, signal: AbortSignal): Promise<void> {
    if (this.options.yes) return;
    const found = await findDestructive(command, this.options.rules, cwd ?? process.cwd(), this.workspace);
    if (!found) return;
    const what = `"${command.length > 200 ? `${command.slice(0, 200)}…` : command}" matches the destructive rule ${found.rule} (${found.why})`;
    if (!this.server.server.getClientCapabilities()?.elicitation) {
      throw new TempfsError('REFUSED', `refused to run on the host: ${what}, and this MCP client cannot ask its user (no elicitation support)`, {
        hint: 'run it in the sandbox (leave target out), or let the user run it themselves; a user who accepts the risk restarts the server with `tempfs mcp --allow-host --yes`',
      });
    }
    const answer = await this.server.server.elicitInput(
      {
        message: `An agent wants to run this on your machine: ${what}. Run it?`,
        requestedSchema: { type: 'object', properties: { run: { type: 'boolean', title: 'Run it', description: 'Run this command on the host' } }, required: ['run'] },
      },
      { signal, timeout: 10 * 60_000 },
    );
    if (answer.action === 'accept' && answer.content?.run === true) return;
    throw new TempfsError('REFUSED', `the user ${answer.action === 'cancel' ? 'dismissed' : 'declined'} running on the host: ${what}`, {
      hint: 'do not retry it as it is: ask the user what to do instead, or run it in the sandbox',
    });
  }
}
