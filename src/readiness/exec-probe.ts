/** `ready.exec`: a command run inside the container (`podman exec`) exits 0. */
import { describeFailure, pollUntil, type Probe, type ProbeContext } from './probe.js';

export function execProbe(argv: string[]): Probe {
  let last = '';
  return {
    kind: 'exec',
    label: `exec ${argv.join(' ')}`,
    state: () => last,
    run: (ctx: ProbeContext) =>
      pollUntil(ctx, async (signal) => {
        try {
          const result = await ctx.engine.exec(ctx.container, argv, { signal });
          last = `last exit code ${result.exitCode}`;
          return result.exitCode === 0;
        } catch (error) {
          last = describeFailure(error);
          return false;
        }
      }),
  };
}
