/** `ready.log`: a regex tested on each output line since this start, `times` matches. */
import { TempfsError } from '../errors.js';
import { compileUserPattern, type UserPattern } from '../shared/user-pattern.js';
import type { Probe, ProbeContext } from './probe.js';

export function logProbe(source: string, times: number): Probe {
  let regex: UserPattern;
  try {
    regex = compileUserPattern(source);
  } catch (cause) {
    throw new TempfsError('RECIPE_INVALID', `ready.log is not a valid regular expression: /${source}/`, { cause });
  }
  let matches = 0;
  return {
    kind: 'log',
    label: `log /${source}/`,
    state: () => `${matches} of ${times} matches`,
    run: (ctx: ProbeContext) =>
      new Promise<void>((resolve, reject) => {
        const stop = (): void => {
          off();
          ctx.signal.removeEventListener('abort', onAbort);
        };
        const onAbort = (): void => {
          stop();
          reject(ctx.signal.reason);
        };
        const off = ctx.logs.onLine(({ line }) => {
          if (!regex.test(line)) return;
          matches += 1;
          if (matches >= times) {
            stop();
            resolve();
          } else {
            ctx.changed();
          }
        });
        if (ctx.signal.aborted) onAbort();
        else ctx.signal.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
