#!/usr/bin/env -S node --
/** The `tempfs` executable: real process streams and signals in, exit code out. */
import { runCli } from './run.js';
import { installSignalHandlers } from './signals.js';

const controller = new AbortController();
const uninstall = installSignalHandlers(controller);
const code = await runCli(process.argv.slice(2), {
  // process.stdin's stream costs 4-13 ms to make (a pipe's the most): made for the verbs that read it.
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
uninstall();
// A reader that went away (EPIPE) has set 141 already: it stands (see signals.ts).
process.exitCode ??= code;
