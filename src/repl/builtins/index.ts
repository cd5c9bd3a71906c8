/** Every built-in command, fresh per terminal session (the chat keeps its state per session). */
import type { ReplCommand } from '../command.js';
import { baseCommands } from './base.js';
import { jobCommands } from './jobs.js';
import { llamaCommands } from './llama.js';
import { pingCommand } from './ping.js';

export function builtinCommands(): ReplCommand[] {
  return [...baseCommands(), ...jobCommands(), pingCommand(), ...llamaCommands()];
}
