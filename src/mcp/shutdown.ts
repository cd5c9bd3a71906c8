/**
 * Shutdown: every process and terminal this server holds (not detached) is stopped, then the sandbox goes if this
 * server brought it up. Bounded: a stuck step must not keep a disconnected server alive
 * (the monitor `up` registered is the net under what is left).
 */
import type { ProcessControl } from '../process/index.js';
import type { SandboxControl } from './sandbox.js';
import { errorText } from './tool-result.js';

export interface ShutdownOptions {
  /** What this server holds: disposing ends what it did not detach. */
  manager: Pick<ProcessControl, 'dispose'>;
  sandbox: SandboxControl | null;
  log: (line: string) => void;
  /** Default 30 s. */
  boundMs?: number;
}

/** True when everything finished within the bound. */
export async function shutdown(options: ShutdownOptions): Promise<boolean> {
  const { manager, sandbox, log } = options;
  const boundMs = options.boundMs ?? 30_000;
  // In parallel: removing the container ends what runs inside it anyway, and an MCP
  // client gives a server only a few seconds after closing its stdin before SIGTERM/SIGKILL.
  const work = async (): Promise<'done'> => {
    const removeSandbox = async () => {
      if (!sandbox?.state().startedHere) return;
      log(`removing the sandbox ${sandbox.state().service} (started by this server)`);
      await sandbox.stop().catch((error: unknown) => log(`removing the sandbox failed: ${errorText(error)}`));
    };
    await Promise.all([manager.dispose().catch((error: unknown) => log(`stopping processes failed: ${errorText(error)}`)), removeSandbox()]);
    return 'done';
  };
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), boundMs)));
  const outcome = await Promise.race([work(), bound]);
  clearTimeout(timer);
  if (outcome === 'timeout') log(`shutdown did not finish within ${boundMs / 1000}s; giving up`);
  return outcome === 'done';
}
