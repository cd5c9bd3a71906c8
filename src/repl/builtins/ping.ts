/** The `ping` role: the original project's example command, with the round trip of an exec. */
import { performance } from 'node:perf_hooks';
import type { ReplCommand } from '../command.js';

export function pingCommand(): ReplCommand {
  return {
    name: 'ping',
    description: 'answer pong and show the round trip of an exec in the container',
    roles: ['ping'],
    async execute(_args, ctx) {
      const started = performance.now();
      const result = await ctx.container.exec(['true'], { signal: ctx.signal });
      const ms = (performance.now() - started).toFixed(1);
      if (result.exitCode !== 0) return `no pong from ${ctx.container.name}: exit code ${result.exitCode} after ${ms} ms`;
      return `pong from ${ctx.container.name} (${ms} ms)`;
    },
  };
}
