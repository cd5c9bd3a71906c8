/**
 * The end of a child process as one promise. 'close' waits for the output pipes, but a
 * grandchild that kept them open (`cmd &`) would hold it forever: after 'exit' we give
 * the pipes a short grace, then stop reading.
 */
import type { ChildProcess } from 'node:child_process';
import type { ExitInfo } from './launcher.js';

const PIPE_GRACE_MS = 300;

export function childDone(child: ChildProcess): Promise<ExitInfo> {
  return new Promise((resolve) => {
    let exit: ExitInfo | undefined;
    const finish = (info: ExitInfo) => {
      clearTimeout(timer);
      resolve(info);
    };
    let timer: NodeJS.Timeout | undefined;
    child.once('error', (error) => finish({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      timer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(exit!);
      }, PIPE_GRACE_MS);
    });
    child.once('close', (code, signal) => finish(exit ?? { code, signal }));
  });
}
